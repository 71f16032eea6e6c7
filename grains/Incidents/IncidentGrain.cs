using GridDispatch.Grains.Common;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Incidents;

public sealed class IncidentGrain(
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

    public async Task<IncidentResult> Open(IncidentReport report)
    {
        if (C.Exists) return IncidentResult.Done(Snapshot());
        if (Validate(report) is { } problem) return IncidentResult.Refused(IncidentError.InvalidArgument, problem);
        var path = await CellPath(CellKeys.Cell(report.Township, report.Cell));
        if (path.Count == 0) return IncidentResult.Refused(IncidentError.InvalidArgument, $"unknown cell {report.Cell} in {report.Township}");

        C.Open(report, path[0].Level, [.. path.Select(p => p.Key)], Policy, clock.Now);
        return await Changed(previousResponder: null);
    }

    public Task<IncidentSnapshot?> Get() => Task.FromResult(C.Exists ? Snapshot() : null);

    public Task<IncidentResult> Acknowledge(string responderId) => Apply(() => C.Acknowledge(responderId, clock.Now));
    public Task<IncidentResult> Arrive(string responderId) => Apply(() => C.Arrive(responderId, clock.Now));
    public Task<IncidentResult> Decline(string responderId, string reason) => Apply(() => C.Withdraw(responderId, TimelineKind.Declined, reason, clock.Now));
    public Task<IncidentResult> Resolve(string responderId, string? note) => Apply(() => C.Resolve(responderId, onBehalf: false, note, clock.Now));
    public Task<IncidentResult> ResolveOnBehalf(string by, string? note) => Apply(() => C.Resolve(by, onBehalf: true, note, clock.Now));
    public Task<IncidentResult> Close(string by, int satisfaction) => Apply(() => C.Close(by, satisfaction, clock.Now));
    public Task<IncidentResult> Reopen(string by, string reason) => Apply(() => C.Reopen(by, reason, Policy, clock.Now));
    public Task<IncidentResult> Cancel(string by, string reason) => Apply(() => C.Cancel(by, reason, clock.Now));

    public async Task<bool> AddLamp(string lampId)
    {
        if (!C.Exists || !C.AddLamp(lampId, clock.Now)) return false;
        await Changed(C.ResponderId);
        return true;
    }

    public async Task LampRestored(string lampId)
    {
        if (!C.Exists || !C.RestoreLamp(lampId, clock.Now) || !C.Status.IsOpen()) return;
        await Apply(() => C.Resolve("system", onBehalf: true, "全部路灯已恢复", clock.Now));
    }

    public async Task<IncidentSnapshot?> Review()
    {
        if (!C.Exists) return null;
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
        var snapshot = Snapshot();
        await GrainFactory.GetGrain<IIncidentIndexGrain>(C.Report!.Township).Update(IncidentListItem.From(snapshot, clock.Now)); // heals the view
        return snapshot;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Review();

    private async Task<IncidentResult> Apply(Func<string?> command)
    {
        if (!C.Exists) return IncidentResult.Refused(IncidentError.NotFound, $"no incident {Id}");
        var responder = C.ResponderId;
        var refusal = command();
        if (refusal is not null)
            return IncidentResult.Refused(refusal.Contains("does not hold") ? IncidentError.NotAssigned : IncidentError.InvalidState, refusal, Snapshot());
        return await Changed(responder);
    }

    /// <summary>Saves, then re-dispatches if needed, then tells the responder, the cell and the screens.</summary>
    private async Task<IncidentResult> Changed(string? previousResponder)
    {
        await state.WriteStateAsync();
        crash.Reached("incident.saved");
        if (C.Status == IncidentStatus.Triaged && await TryDispatch())
        {
            await state.WriteStateAsync();
            crash.Reached("incident.dispatch-saved");
        }

        // The order leaves a responder who lost it or whose work is over (a no-op if they already let go).
        if (previousResponder is not null && (previousResponder != C.ResponderId || !C.Status.IsOpen()))
            await GrainFactory.GetGrain<IResponderGrain>(previousResponder).Withdraw(Id, C.Status.ToString());

        await GrainFactory.GetGrain<IGridCellGrain>(C.CellPath[0]).Contribute("incident:" + Id, Figures());
        crash.Reached("incident.cell-told");
        await KeepReviewing(C.Status.IsOpen());
        crash.Reached("incident.reviewing");
        var snapshot = Snapshot();
        await GrainFactory.GetGrain<IIncidentIndexGrain>(C.Report!.Township).Update(IncidentListItem.From(snapshot, clock.Now));
        crash.Reached("incident.index-told");
        events.Publish(new IncidentChanged { Township = C.Report!.Township, At = clock.Now, Incident = snapshot });
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
        var template = new WorkOrder
        {
            IncidentId = Id, ResponderId = "", Township = report.Township, Title = report.Text, Category = report.Category,
            Severity = C.Severity, Cell = report.Cell, Lat = report.Lat, Lon = report.Lon, OfferedAt = clock.Now,
            AcknowledgeBy = clock.Now + Policy.AcknowledgeTimeoutFor(C.Severity), ResolveBy = C.ResolveBy, Lamps = [.. C.Lamps],
        };
        var chosen = await GrainFactory.GetGrain<IDispatcherGrain>(report.Township).Dispatch(request, template);
        if (chosen is not null) return C.Dispatch(chosen, clock.Now) is null;
        if (C.Timeline[^1].Kind == TimelineKind.NoResponder) return false;
        C.Timeline.Add(new TimelineEntry { At = clock.Now, Kind = TimelineKind.NoResponder, By = "system", Status = C.Status, Text = "暂无可派人员，稍后重试" });
        return true;
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

    private async Task KeepReviewing(bool open)
    {
        if (open == C.Reviewing) return;
        if (open) await this.RegisterOrUpdateReminder(ReviewReminder, Policy.ReviewEvery, Policy.ReviewEvery);
        else if (await this.GetReminder(ReviewReminder) is { } reminder) await this.UnregisterReminder(reminder);
        C.Reviewing = open;
        await state.WriteStateAsync();
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
        Timeline = [.. C.Timeline], CellPath = [.. C.CellPath],
    };
}
