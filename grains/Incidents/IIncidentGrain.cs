using GridDispatch.Grains.Grid;
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

    // The command centre's actions. Each takes the version the caller saw (null: any); an older one is
    // refused as Stale with the current state, never applied over a change the caller did not see.

    /// <summary>销号 with 满意度 1–5.</summary>
    [Alias("Close")] Task<IncidentResult> Close(string by, int satisfaction, int? expectedVersion = null);
    /// <summary>The reporter was not satisfied: back to triage, deadlines from now.</summary>
    [Alias("Reopen")] Task<IncidentResult> Reopen(string by, string reason, int? expectedVersion = null);
    /// <summary>作废: cancelled as invalid, with the reason.</summary>
    [Alias("Cancel")] Task<IncidentResult> Cancel(string by, string reason, int? expectedVersion = null);

    /// <summary>研判: category, severity and/or the owning level (升级/下放), any of them.</summary>
    [Alias("Retriage")] Task<IncidentResult> Retriage(string by, string? category, IncidentSeverity? severity, CellLevel? level, string? reason, int? expectedVersion);

    /// <summary>并案: merges this incident (the duplicate) into <paramref name="masterId"/>, whose outcome it then follows.</summary>
    [Alias("MergeInto")] Task<IncidentResult> MergeInto(string by, string masterId, string? reason, int? expectedVersion);

    /// <summary>On the master, from the duplicate being merged.</summary>
    [Alias("AcceptDuplicate")] Task<IncidentResult> AcceptDuplicate(DuplicateReport duplicate, string by);

    /// <summary>From the master once it is resolved, closed or cancelled. One-way: master and duplicate never wait on each other.</summary>
    [OneWay, Alias("FollowMaster")] Task FollowMaster(string masterId, string? masterNumber, IncidentStatus status, int? satisfaction, string? note);

    /// <summary>分办 by hand, or 改派 from the current holder.</summary>
    [Alias("Assign")] Task<IncidentResult> Assign(string by, string responderId, string? reason, int? expectedVersion);

    /// <summary>撤回 from the current holder; the dispatcher offers it to the next.</summary>
    [Alias("WithdrawFromHolder")] Task<IncidentResult> WithdrawFromHolder(string by, string? reason, int? expectedVersion);

    /// <summary>协办: a co-handler with its own work order.</summary>
    [Alias("AddCoHandler")] Task<IncidentResult> AddCoHandler(string by, string responderId, string? department, string? reason, int? expectedVersion);

    /// <summary>督办: a notice on the lead's (or a co-handler's) handheld, counted on the incident.</summary>
    [Alias("Urge")] Task<IncidentResult> Urge(string by, string? responderId, string? note, int? expectedVersion);

    /// <summary>回访: the call to the reporter after resolution.</summary>
    [Alias("RecordCallBack")] Task<IncidentResult> RecordCallBack(string by, bool reached, string? notes, int? expectedVersion);

    /// <summary>Adds lamps to a lamp work order (one save for all of them); false if the incident is no longer open.</summary>
    [Alias("AddLamps")] Task<bool> AddLamps(IReadOnlyList<string> lampIds);

    /// <summary>Lamps of this order are back (one save); the order resolves itself once all its lamps are.</summary>
    [Alias("LampsRestored")] Task LampsRestored(IReadOnlyList<string> lampIds);

    /// <summary>Checks deadlines and the acknowledgement timeout now (the review reminder does this on its own).</summary>
    [Alias("Review")] Task<IncidentSnapshot?> Review();

    /// <summary>From the dispatcher when a responder became free: a waiting incident tries to dispatch now. One-way, against the call graph.</summary>
    [OneWay, Alias("Retry")] Task Retry();
}
