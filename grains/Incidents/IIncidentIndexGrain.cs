using Orleans.Concurrency;

namespace GridDispatch.Grains.Incidents;

/// <summary>One per township: every open incident and the most recent finished ones, for lists and the board.</summary>
[Alias("GridDispatch.Incidents.IIncidentIndexGrain")]
public interface IIncidentIndexGrain : IGrainWithStringKey
{
    /// <summary>One-way from the incident: an index never holds an incident up.</summary>
    [OneWay, Alias("Update")] Task Update(IncidentListItem item);

    /// <summary>Newest first; <paramref name="status"/> null for all.</summary>
    [Alias("List")] Task<IReadOnlyList<IncidentListItem>> List(IncidentStatus? status, int limit);
}
