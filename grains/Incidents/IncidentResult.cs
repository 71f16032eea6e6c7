namespace GridDispatch.Grains.Incidents;

[GenerateSerializer]
public enum IncidentError
{
    None, NotFound, InvalidState, NotAssigned, InvalidArgument,
    /// <summary>The caller acted on an older version of the incident (If-Match): nothing changed, the current state comes back.</summary>
    Stale,
}

/// <summary>The answer to a command on an incident: done, or refused with a reason a person can read.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.IncidentResult")]
public sealed record IncidentResult(
    [property: Id(0)] IncidentError Error,
    [property: Id(1)] string? Message,
    [property: Id(2)] IncidentSnapshot? Incident)
{
    public bool Ok => Error == IncidentError.None;

    public static IncidentResult Done(IncidentSnapshot incident) => new(IncidentError.None, null, incident);

    public static IncidentResult Refused(IncidentError error, string message, IncidentSnapshot? incident = null) => new(error, message, incident);
}
