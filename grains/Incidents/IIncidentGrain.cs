using Orleans.Concurrency;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// One incident (事件/工单), keyed by an id derived from its source (<see cref="IncidentIds"/>).
/// Every accepted command is saved before it is answered.
/// </summary>
[Alias("GridDispatch.Incidents.IIncidentGrain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Opens the incident, or returns it as it is if this id was opened before (de-duplication).</summary>
    [Alias("Open")] Task<IncidentResult> Open(IncidentReport report);

    [Alias("Get")] Task<IncidentSnapshot?> Get();

    [Alias("Acknowledge")] Task<IncidentResult> Acknowledge(string responderId);
    [Alias("Arrive")] Task<IncidentResult> Arrive(string responderId);
    [Alias("Decline")] Task<IncidentResult> Decline(string responderId, string reason);
    [Alias("Resolve")] Task<IncidentResult> Resolve(string responderId, string? note);

    /// <summary>The command centre (or the system, when every lamp is restored) declares it done.</summary>
    [Alias("ResolveOnBehalf")] Task<IncidentResult> ResolveOnBehalf(string by, string? note);

    /// <summary>销号 with 满意度 1–5.</summary>
    [Alias("Close")] Task<IncidentResult> Close(string by, int satisfaction);
    [Alias("Reopen")] Task<IncidentResult> Reopen(string by, string reason);
    [Alias("Cancel")] Task<IncidentResult> Cancel(string by, string reason);

    /// <summary>Adds a lamp to a lamp work order; false if the incident is no longer open.</summary>
    [Alias("AddLamp")] Task<bool> AddLamp(string lampId);
    [Alias("LampRestored")] Task LampRestored(string lampId);

    /// <summary>Checks deadlines and the acknowledgement timeout now (the review reminder does this on its own).</summary>
    [Alias("Review")] Task<IncidentSnapshot?> Review();

    /// <summary>From the dispatcher when a responder became free: a waiting incident tries to dispatch now. One-way, against the call graph.</summary>
    [OneWay, Alias("Retry")] Task Retry();
}
