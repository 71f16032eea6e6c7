namespace GridDispatch.Grains.Incidents;

/// <summary>One per township: every open incident and the most recent finished ones, for lists and the board.</summary>
[Alias("GridDispatch.Incidents.IIncidentIndexGrain")]
public interface IIncidentIndexGrain : IGrainWithStringKey
{
    /// <summary>
    /// From the incident, awaited: when this returns, the line is on disk (a small journal write), so an
    /// incident acknowledged to its reporter is listed after any crash, from the first read.
    /// </summary>
    [Alias("Update")] Task Update(IncidentListItem item);

    /// <summary>Newest first; <paramref name="status"/> null for all.</summary>
    [Alias("List")] Task<IReadOnlyList<IncidentListItem>> List(IncidentStatus? status, int limit);
}
