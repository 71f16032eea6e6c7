namespace GridDispatch.Grains.Incidents;

/// <summary>The command centre's actions on an incident (研判, 并案, 分办, 协办, 督办, 回访·销号): the rules are <see cref="IncidentCase"/>'s.</summary>
public sealed partial class IncidentGrain
{
    public Task<IncidentResult> Close(string by, int satisfaction, int? expectedVersion = null) =>
        Apply(() => C.Close(by, satisfaction, Now), expectedVersion);

    public Task<IncidentResult> Reopen(string by, string reason, int? expectedVersion = null) =>
        Apply(() => C.Reopen(by, reason, Policy, Now), expectedVersion);

    public Task<IncidentResult> Cancel(string by, string reason, int? expectedVersion = null) =>
        Apply(() => C.Cancel(by, reason, Now), expectedVersion);

    public Task<IncidentResult> Retriage(string by, string? category, IncidentSeverity? severity, Grid.CellLevel? level, string? reason, int? expectedVersion) =>
        Apply(() => C.Retriage(by, category, severity, level, reason, Policy, Now), expectedVersion);

    public async Task<IncidentResult> MergeInto(string by, string masterId, string? reason, int? expectedVersion)
    {
        if (!C.Exists) return IncidentResult.Refused(IncidentError.NotFound, $"no incident {Id}");
        if (expectedVersion is { } seen && seen != C.Version)
            return IncidentResult.Refused(IncidentError.Stale, $"the incident changed: it is at version {C.Version}, not {seen}", Snapshot());
        if (C.CanMergeInto(Id, masterId) is { } refusal) return IncidentResult.Refused(refusal.Error, refusal.Message, Snapshot());

        // The master records us first: a duplicate is never merged into a master that does not know it.
        var duplicate = new DuplicateReport { IncidentId = Id, Number = C.Number, ReportedBy = C.Report!.ReportedBy, MergedAt = Now, Township = C.Report.Township };
        var accepted = await GrainFactory.GetGrain<IIncidentGrain>(masterId).AcceptDuplicate(duplicate, by);
        if (!accepted.Ok)
            return IncidentResult.Refused(accepted.Error == IncidentError.NotFound ? IncidentError.NotFound : IncidentError.InvalidState,
                $"master {masterId}: {accepted.Message}", Snapshot());
        return await Apply(() => C.MergeInto(Id, by, masterId, accepted.Incident?.Number, reason, Now));
    }

    public Task<IncidentResult> AcceptDuplicate(DuplicateReport duplicate, string by) =>
        C.Exists && duplicate.Township != C.Report!.Township
            ? Task.FromResult(IncidentResult.Refused(IncidentError.InvalidArgument, "only incidents of one township are merged"))
            : Apply(() => C.AcceptDuplicate(duplicate, by, Now));

    public async Task FollowMaster(string masterId, string? masterNumber, IncidentStatus status, int? satisfaction, string? note)
    {
        if (C.Exists && C.FollowMaster(masterId, masterNumber, status, satisfaction, note, Now)) await Changed(C.ResponderId);
    }

    public async Task<IncidentResult> Assign(string by, string responderId, string? reason, int? expectedVersion)
    {
        var result = await Apply(() => C.Assign(by, responderId, reason, Policy, Now), expectedVersion);
        // Offered here, not by the dispatcher: the operator chose. One-way and idempotent (Reconcile offers again after a crash).
        if (result.Ok && C.ResponderId == responderId && C.OfferedAt is { } offeredAt)
            await GrainFactory.GetGrain<IWorkOrderHolder>(responderId).Offer(WorkOrderFor(responderId, offeredAt));
        return result;
    }

    public Task<IncidentResult> WithdrawFromHolder(string by, string? reason, int? expectedVersion) =>
        Apply(() => C.WithdrawByHand(by, reason, Now), expectedVersion);

    public Task<IncidentResult> AddCoHandler(string by, string responderId, string? department, string? reason, int? expectedVersion) =>
        Apply(() => C.AddCoHandler(by, responderId, department, reason, Now), expectedVersion); // its order goes out with the change (SyncParts)

    public async Task<IncidentResult> Urge(string by, string? responderId, string? note, int? expectedVersion)
    {
        var result = await Apply(() => C.Urge(by, responderId, note, Now), expectedVersion);
        if (result.Ok && C.Timeline[^1] is { Kind: TimelineKind.Urged, ResponderId: { } target })
            Events.Publish(new WorkOrderUrged { Township = C.Report!.Township, At = Now, IncidentId = Id, ResponderId = target, By = by, Note = note, Count = C.Urges });
        return result;
    }

    public Task<IncidentResult> RecordCallBack(string by, bool reached, string? notes, int? expectedVersion) =>
        Apply(() => C.RecordCallBack(by, reached, notes, Now), expectedVersion);
}
