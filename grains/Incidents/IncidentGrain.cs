using GridDispatch.Grains.Common;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Incidents;

public sealed partial class IncidentGrain(
    [PersistentState("incident")] IPersistentState<IncidentCase> state,
    IOptions<IncidentPolicy> policy,
    IDomainEvents events,
    DomainClock clock,
    CrashPoints crash) : Grain, IIncidentGrain, IRemindable
{
    private const string ReviewReminder = "review";
    private IncidentCase C => state.State;
    private string Id => this.GetPrimaryKeyString();
    private IncidentPolicy Policy => policy.Value;
    private DateTimeOffset Now => clock.Now;
    private IDomainEvents Events => events;

    public async Task<IncidentResult> Open(IncidentReport report)
    {
        if (C.Exists)
        {
            // The same whistle or alarm again: the sender's retry, perhaps after a crash cut the first answer
            // short. Finish what the first delivery started before answering (all of it is idempotent).
            if (C.Status == IncidentStatus.Triaged) return await Changed(C.ResponderId); // dispatch, if the first delivery did not get that far
            return await Reconciled();
        }

        if (Validate(report) is { } problem) return IncidentResult.Refused(IncidentError.InvalidArgument, problem);
        var path = await CellPath(CellKeys.Cell(report.Township, report.Cell));
        if (path.Count == 0) return IncidentResult.Refused(IncidentError.InvalidArgument, $"unknown cell {report.Cell} in {report.Township}");

        // The review reminder is registered while the number is issued: two durable writes at once rather than one after the
        // other, on every whistle's way to its work order (#22, goal 4). Before the save, as in Changed: an incident never
        // saved drops it at its first review.
        var numbering = GrainFactory.GetGrain<IReceiptNumberGrain>(ReceiptNumbers.Key(report.Township, report.ReportedAt)).Issue(Id);
        await KeepReviewing(true, save: false);
        var number = await numbering;
        C.Open(report, path[0].Level, [.. path.Select(p => p.Key)], Policy, clock.Now);
        C.Number = number;
        return await Changed(previousResponder: null);
    }

    public Task<IncidentSnapshot?> Get() => Task.FromResult(C.Exists ? Snapshot() : null);

    // A co-handler's steps report its own part (协办); only the lead's resolution resolves the incident.
    public Task<IncidentResult> Acknowledge(string responderId) =>
        Retried(responderId, TimelineKind.Acknowledged) ?? Apply(() => C.IsCoHandler(responderId)
            ? C.CoHandlerStep(responderId, TimelineKind.Acknowledged, null, clock.Now) : C.Acknowledge(responderId, clock.Now));
    public Task<IncidentResult> Arrive(string responderId) =>
        Retried(responderId, TimelineKind.Arrived) ?? Apply(() => C.IsCoHandler(responderId)
            ? C.CoHandlerStep(responderId, TimelineKind.Arrived, null, clock.Now) : C.Arrive(responderId, clock.Now));
    public Task<IncidentResult> Decline(string responderId, string reason) =>
        Retried(responderId, TimelineKind.Declined) ?? Apply(() => C.IsCoHandler(responderId)
            ? C.CoHandlerStep(responderId, TimelineKind.Declined, reason, clock.Now) : C.Withdraw(responderId, TimelineKind.Declined, reason, clock.Now));
    public Task<IncidentResult> Resolve(string responderId, string? note) =>
        Retried(responderId, TimelineKind.Resolved) ?? Apply(() => C.IsCoHandler(responderId)
            ? C.CoHandlerStep(responderId, TimelineKind.Resolved, note, clock.Now) : C.Resolve(responderId, onBehalf: false, note, clock.Now));
    public Task<IncidentResult> ResolveOnBehalf(string by, string? note) => Apply(() => C.Resolve(by, onBehalf: true, note, clock.Now));

    /// <summary>True while the incident is open with the lamps on it, also when they already were (a repeated delivery).</summary>
    public async Task<bool> AddLamps(IReadOnlyList<string> lampIds)
    {
        if (!C.Exists || !C.Status.IsOpen()) return false;
        var added = false;
        foreach (var lampId in lampIds) added |= C.AddLamp(lampId, clock.Now);
        if (added) await Changed(C.ResponderId);
        else await Reconcile();
        return true;
    }

    /// <summary>Saved even when other lamps are still out: the desk forgets the alarms once this returns.</summary>
    public async Task LampsRestored(IReadOnlyList<string> lampIds)
    {
        if (!C.Exists) return;
        var before = C.RestoredLamps.Count;
        foreach (var lampId in lampIds) C.RestoreLamp(lampId, clock.Now);
        var restored = C.RestoredLamps.Count > before; // a lamp of this order newly back (a repeated delivery changes nothing)

        if (restored && C.RestoredLamps.Count == C.Lamps.Count && C.Status.IsOpen()) await Apply(() => C.Resolve("system", onBehalf: true, "全部路灯已恢复", clock.Now));
        else if (restored) await Changed(C.ResponderId);
    }

    public async Task<IncidentSnapshot?> Review()
    {
        if (!C.Exists)
        {
            // The reminder was registered, then the process died before the incident was saved.
            if (await this.GetReminder(ReviewReminder) is { } orphan) await this.UnregisterReminder(orphan);
            return null;
        }

        var responder = C.ResponderId;
        var changed = false;
        if (C.Status == IncidentStatus.Dispatched && C.OfferedAt + Policy.AcknowledgeTimeoutFor(C.Severity) < clock.Now)
            changed |= C.Withdraw(responder!, TimelineKind.AcknowledgeTimedOut, "超时未接单", clock.Now) is null;
        if (C.ReviewDeadlines(Policy, clock.Now) is { } level)
        {
            changed = true;
            await AlertLeaders(level);
        }

        if (changed || C.Status == IncidentStatus.Triaged) return (await Changed(responder)).Incident;
        await Reconcile();
        return Snapshot();
    }

    public async Task Retry()
    {
        if (C.Exists && C.Status == IncidentStatus.Triaged) await Review();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // A finished incident saved as no longer reviewing, whose reminder a crash kept: this firing removes it.
        if (C.Exists && !C.Status.IsOpen() && !C.Reviewing) await StopReviewing();
        await Review();
    }

    /// <summary>A responder repeating what it already did gets the same answer (after the rest is finished).</summary>
    private Task<IncidentResult>? Retried(string responderId, TimelineKind step) =>
        C.Exists && C.AlreadyDid(responderId, step) ? Reconciled() : null;

    private async Task<IncidentResult> Reconciled()
    {
        await Reconcile();
        return IncidentResult.Done(Snapshot());
    }

    /// <summary>
    /// Re-sends everything that follows from the saved state: the cell's share, the township's list, work
    /// orders that left a responder, the end of reviewing. Each is idempotent, so this is how a change cut
    /// short by a crash is finished: on the review reminder (registered before the first save), on a
    /// repeated whistle or alarm, on a responder's retry.
    /// </summary>
    private async Task Reconcile()
    {
        foreach (var tried in C.Tried)
            if (tried != C.ResponderId && !C.IsCoHandler(tried)) await GrainFactory.GetGrain<IWorkOrderHolder>(tried).Withdraw(Id, "Withdrawn");
        if (!C.Status.IsOpen() && C.ResponderId is { } last) await GrainFactory.GetGrain<IWorkOrderHolder>(last).Withdraw(Id, C.Status.ToString());
        await SyncParts();
        if (C.ResponderId is { } holder && C.Status.IsOpen() && C.Status != IncidentStatus.Triaged && C.OfferedAt is { } offeredAt)
            await GrainFactory.GetGrain<IWorkOrderHolder>(holder).Offer(WorkOrderFor(holder, offeredAt)); // a one-way offer lost to a crash
        await GrainFactory.GetGrain<IGridCellGrain>(C.CellPath[0]).Contribute("incident:" + Id, Figures());
        await GrainFactory.GetGrain<IIncidentIndexGrain>(C.Report!.Township).Update(IncidentListItem.From(Snapshot(), clock.Now));
        await KeepReviewing(C.Status.IsOpen());
    }

    private async Task<IncidentResult> Apply(Func<IncidentRefusal?> command, int? expectedVersion = null)
    {
        if (!C.Exists) return IncidentResult.Refused(IncidentError.NotFound, $"no incident {Id}");
        if (expectedVersion is { } seen && seen != C.Version)
            return IncidentResult.Refused(IncidentError.Stale, $"the incident changed: it is at version {C.Version}, not {seen}", Snapshot());
        var responder = C.ResponderId;
        if (command() is { } refusal) return IncidentResult.Refused(refusal.Error, refusal.Message, Snapshot());
        return await Changed(responder);
    }

    /// <summary>
    /// Saves the change once, then re-dispatches if needed, then tells the responder, the cell, the list
    /// and the screens. An open incident's review reminder is registered before the save: whatever a
    /// crash cuts short below, the next review finishes (<see cref="Reconcile"/>). Asking the dispatcher
    /// is a change of its own (its own timeline entry), saved once when the dispatcher has answered.
    /// </summary>
    private async Task<IncidentResult> Changed(string? previousResponder)
    {
        var wasReviewing = C.Reviewing;
        if (C.Status.IsOpen()) await KeepReviewing(true, save: false);
        else C.Reviewing = false; // saved with the change; the reminder goes last, below
        await state.WriteStateAsync();
        crash.Reached("incident.saved");
        if (C.Status == IncidentStatus.Triaged && await TryDispatch())
        {
            await state.WriteStateAsync();
            crash.Reached("incident.dispatch-saved");
        }

        // The order leaves a responder who lost it or whose work is over (a no-op if they already let go).
        if (previousResponder is not null && (previousResponder != C.ResponderId || !C.Status.IsOpen()))
            await GrainFactory.GetGrain<IWorkOrderHolder>(previousResponder).Withdraw(Id, C.Status.ToString());

        await SyncParts();
        await GrainFactory.GetGrain<IGridCellGrain>(C.CellPath[0]).Contribute("incident:" + Id, Figures());
        crash.Reached("incident.cell-told");
        var snapshot = Snapshot();
        await GrainFactory.GetGrain<IIncidentIndexGrain>(C.Report!.Township).Update(IncidentListItem.From(snapshot, clock.Now));
        crash.Reached("incident.index-told");
        events.Publish(new IncidentChanged { Township = C.Report!.Township, At = clock.Now, Incident = snapshot, Village = CellKeys.VillageOn(C.CellPath, C.Report!.Township) });
        if (wasReviewing && !C.Status.IsOpen()) await StopReviewing(); // last: a finished incident stops reviewing only once all of the above is done
        crash.Reached("incident.reviewing");
        return IncidentResult.Done(snapshot);
    }

    private async Task<bool> TryDispatch()
    {
        var report = C.Report!;
        var request = new DispatchRequest
        {
            IncidentId = Id, Title = report.Text, Category = report.Category, Severity = C.Severity,
            CellPath = [.. C.CellPath.Select(k => CellKeys.Split(k).CellId)], Lat = report.Lat, Lon = report.Lon, Exclude = [.. C.Tried],
        };
        var template = WorkOrderFor("", clock.Now);
        var chosen = await GrainFactory.GetGrain<IIncidentDispatcher>(report.Township).Dispatch(request, template);
        if (chosen is not null) return C.Dispatch(chosen, clock.Now) is null;
        if (C.Timeline[^1].Kind == TimelineKind.NoResponder) return false;
        C.Timeline.Add(new TimelineEntry { At = clock.Now, Kind = TimelineKind.NoResponder, By = "system", Status = C.Status, Text = "暂无可派人员，稍后重试" });
        return true;
    }

    /// <summary>
    /// Co-handlers' work orders follow the incident (offered while it is open, withdrawn when it ends); merged
    /// duplicates follow its outcome. Each is idempotent, so <see cref="Reconcile"/> simply sends them again.
    /// </summary>
    private async Task SyncParts()
    {
        foreach (var part in C.CoHandlers.Values.Where(p => p.Active && p.ResponderId != C.ResponderId))
        {
            var holder = GrainFactory.GetGrain<IWorkOrderHolder>(part.ResponderId);
            if (C.Status.IsOpen()) await holder.Offer(WorkOrderFor(part.ResponderId, part.OfferedAt) with { CoHandling = true });
            else await holder.Withdraw(Id, C.Status.ToString());
        }

        if (C.Status is not (IncidentStatus.Resolved or IncidentStatus.Closed or IncidentStatus.Cancelled)) return;
        var outcome = C.Timeline.LastOrDefault(e => e.Kind is TimelineKind.Resolved or TimelineKind.Cancelled)?.Text;
        foreach (var duplicate in C.Duplicates)
            await GrainFactory.GetGrain<IIncidentGrain>(duplicate.IncidentId).FollowMaster(Id, C.Number, C.Status, C.Satisfaction, outcome);
    }

    private WorkOrder WorkOrderFor(string responderId, DateTimeOffset offeredAt)
    {
        var report = C.Report!;
        return new WorkOrder
        {
            IncidentId = Id, ResponderId = responderId, Township = report.Township, Title = report.Text, Category = report.Category,
            Severity = C.Severity, Cell = report.Cell, Lat = report.Lat, Lon = report.Lon, OfferedAt = offeredAt,
            AcknowledgeBy = offeredAt + Policy.AcknowledgeTimeoutFor(C.Severity), ResolveBy = C.ResolveBy, Lamps = [.. C.Lamps],
        };
    }

    private async Task AlertLeaders(CellLevel level)
    {
        var owner = (await CellPath(C.CellPath[0])).FirstOrDefault(c => c.Level == level);
        events.Publish(new IncidentEscalated
        {
            Township = C.Report!.Township, At = clock.Now, IncidentId = Id, Level = level, CellKey = owner?.Key,
            AlertedLeaders = owner?.LeaderId is { } leader ? [leader] : [],
        });
    }

    private async Task KeepReviewing(bool open, bool save = true)
    {
        if (open == C.Reviewing) return;
        if (open) await this.RegisterOrUpdateReminder(ReviewReminder, Policy.ReviewEvery, Policy.ReviewEvery);
        else await StopReviewing();
        C.Reviewing = open;
        if (save) await state.WriteStateAsync();
    }

    private async Task StopReviewing()
    {
        if (await this.GetReminder(ReviewReminder) is { } reminder) await this.UnregisterReminder(reminder);
    }

    /// <summary>This incident's share of its cell's figures: open, by severity, and overdue.</summary>
    private CellFigures Figures()
    {
        if (!C.Status.IsOpen()) return CellFigures.Zero;
        return new CellFigures
        {
            IncidentsMicro = C.Severity == IncidentSeverity.Micro ? 1 : 0,
            IncidentsMinor = C.Severity == IncidentSeverity.Minor ? 1 : 0,
            IncidentsMajor = C.Severity == IncidentSeverity.Major ? 1 : 0,
            IncidentsEmergency = C.Severity == IncidentSeverity.Emergency ? 1 : 0,
            DeadlinesMissed = C.DeadlinesMissed > 0 ? 1 : 0,
        };
    }

    /// <summary>The cell and its ancestors, leaf first; empty if the cell was never imported.</summary>
    private async Task<List<CellDefinition>> CellPath(string key)
    {
        var path = new List<CellDefinition>();
        for (string? next = key; next is not null && path.Count < 8;)
        {
            var definition = (await GrainFactory.GetGrain<IGridCellGrain>(next).GetSummary()).Definition;
            if (definition is null) break;
            path.Add(definition);
            next = definition.ParentKey;
        }

        return path;
    }

    private static string? Validate(IncidentReport r) =>
        !CategorySkills.IsKnown(r.Category) ? $"unknown category '{r.Category}'"
        : !IncidentIds.IsValidSourceId(r.SourceId) && r.Source is not (IncidentSource.LampAlarm or IncidentSource.FeederOutage) ? "source id must be 1-64 of A-Z a-z 0-9 - _ ."
        : string.IsNullOrWhiteSpace(r.Text) || r.Text.Length > 2000 ? "text must be 1 to 2000 characters"
        : r.Lat is < -90 or > 90 || r.Lon is < -180 or > 180 ? "position out of range"
        : null;

    private IncidentSnapshot Snapshot() => new()
    {
        Id = Id, Report = C.Report!, Status = C.Status, Level = C.Level, ResponderId = C.ResponderId, RespondBy = C.RespondBy,
        ResolveBy = C.ResolveBy, DeadlinesMissed = C.DeadlinesMissed, Satisfaction = C.Satisfaction, Lamps = [.. C.Lamps],
        Timeline = [.. C.Timeline], CellPath = [.. C.CellPath], Number = C.Number, Version = C.Version,
        CoHandlers = [.. C.CoHandlers.Values.OrderBy(p => p.OfferedAt)], MergedInto = C.MergedInto, Duplicates = [.. C.Duplicates],
        Urges = C.Urges, LastCallBack = C.LastCallBack,
    };
}
