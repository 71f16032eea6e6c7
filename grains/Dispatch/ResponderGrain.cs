using GridDispatch.Grains.Common;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Dispatch;

public sealed class ResponderGrain(
    [PersistentState("responder")] IPersistentState<ResponderState> state,
    IDomainEvents events,
    DomainClock clock,
    CrashPoints crash,
    IOptions<HandheldOptions> handhelds) : Grain, IResponderGrain
{
    private ResponderState S => state.State;
    private string Id => this.GetPrimaryKeyString();

    /// <summary>When the last position was taken: kept in memory only, so a restart at worst takes one report early.</summary>
    private DateTimeOffset? _positionAt;

    public async Task Configure(ResponderProfile profile)
    {
        var previousCell = S.Profile is null ? null : HomeCell(S.Profile);
        S.Profile = profile;
        await Commit();
        if (previousCell is not null && previousCell != HomeCell(profile))
            await GrainFactory.GetGrain<IGridCellGrain>(previousCell).Contribute(ContributorKey, CellFigures.Zero);
    }

    public Task<ResponderSnapshot?> GetSnapshot() => Task.FromResult(S.Profile is null ? null : Snapshot());

    public async Task<ResponderSnapshot?> SetStatus(ResponderStatus status, double? lat, double? lon)
    {
        if (S.Profile is null) return null;
        S.Status = status;
        if (lat is not null && lon is not null) (S.Lat, S.Lon) = (lat, lon);
        await Commit();
        return Snapshot();
    }

    public async Task<ResponderAnswer> SetDuty(bool onDuty)
    {
        if (S.Profile is null) return ResponderAnswer.Refused(ResponderRefusal.NotFound, $"responder {Id}");
        if (onDuty == (S.Status != ResponderStatus.OffDuty)) return ResponderAnswer.Done(Snapshot());
        if (!onDuty && S.WorkOrders.Count > 0)
            return ResponderAnswer.Refused(ResponderRefusal.HoldsWork, $"{Id} holds {S.WorkOrders.Count} work order(s): finish or decline them before going off duty");
        S.Status = !onDuty ? ResponderStatus.OffDuty : S.WorkOrders.Count > 0 ? ResponderStatus.Assigned : ResponderStatus.Available;
        await Commit();
        return ResponderAnswer.Done(Snapshot());
    }

    public async Task<ResponderAnswer> ReportPosition(double lat, double lon)
    {
        if (S.Profile is null) return ResponderAnswer.Refused(ResponderRefusal.NotFound, $"responder {Id}");
        if (!double.IsFinite(lat) || !double.IsFinite(lon) || lat is < -90 or > 90 || lon is < -180 or > 180)
            return ResponderAnswer.Refused(ResponderRefusal.InvalidArgument, "lat must lie within ±90 and lon within ±180");
        if (S.Status == ResponderStatus.OffDuty) return ResponderAnswer.Refused(ResponderRefusal.OffDuty, $"{Id} is off duty: no position is taken");
        var wait = _positionAt + handhelds.Value.PositionInterval - clock.Now;
        if (wait > TimeSpan.Zero)
            return ResponderAnswer.Refused(ResponderRefusal.TooSoon, $"one position per {handhelds.Value.PositionInterval.TotalSeconds:0.#} s", wait);
        _positionAt = clock.Now;
        (S.Lat, S.Lon) = (lat, lon);
        await Commit();
        return ResponderAnswer.Done(Snapshot());
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The dispatcher hears from responders one-way, after their save: a crash in between left it a stale card.
        if (S.Profile is { } profile) _ = GrainFactory.GetGrain<IDispatcherGrain>(profile.Township).UpdateResponder(Card());
        return Task.CompletedTask;
    }

    public async Task Offer(WorkOrder workOrder)
    {
        if (S.Profile is null) return;
        // The incident offers again what a crash may have lost; the same order held already changes nothing.
        if (S.WorkOrders.TryGetValue(workOrder.IncidentId, out var held) && Same(held, workOrder)) return;
        S.WorkOrders[workOrder.IncidentId] = workOrder;
        if (S.Status is ResponderStatus.Available or ResponderStatus.OffDuty) S.Status = ResponderStatus.Assigned;
        await Commit();
        events.Publish(new WorkOrderOffered { Township = workOrder.Township, At = clock.Now, WorkOrder = workOrder });
    }

    public async Task Withdraw(string incidentId, string reason)
    {
        if (!S.WorkOrders.Remove(incidentId)) return;
        Settle();
        await Commit();
        events.Publish(new WorkOrderWithdrawn { Township = S.Profile!.Township, At = clock.Now, IncidentId = incidentId, ResponderId = Id, Reason = reason });
    }

    public Task<IncidentResult> Acknowledge(string incidentId) => Act(incidentId, i => i.Acknowledge(Id), ResponderStatus.EnRoute, keepOrder: true);

    public Task<IncidentResult> Arrive(string incidentId) => Act(incidentId, i => i.Arrive(Id), ResponderStatus.OnSite, keepOrder: true);

    public Task<IncidentResult> Decline(string incidentId, string reason) => Act(incidentId, i => i.Decline(Id, reason), null, keepOrder: false);

    public Task<IncidentResult> Resolve(string incidentId, string? note) => Act(incidentId, i => i.Resolve(Id, note), null, keepOrder: false);

    /// <summary>Passes a handheld's action to the incident, which decides; on success updates this responder.</summary>
    private async Task<IncidentResult> Act(string incidentId, Func<IIncidentGrain, Task<IncidentResult>> action, ResponderStatus? then, bool keepOrder)
    {
        var held = S.WorkOrders.ContainsKey(incidentId);
        var result = await action(GrainFactory.GetGrain<IIncidentGrain>(incidentId));
        // Not held: only a retry of what this responder already did (the order left with a crash in between) is "done".
        if (!held && !result.Ok) return IncidentResult.Refused(IncidentError.NotAssigned, $"{Id} holds no work order for {incidentId}");
        if (!result.Ok) return result;
        crash.Reached("responder.incident-done");
        if (!keepOrder) S.WorkOrders.Remove(incidentId);
        if (then is { } status) S.Status = status;
        else Settle();
        await Commit(acting: true);
        return result;
    }

    private static bool Same(WorkOrder a, WorkOrder b) =>
        a with { OfferedAt = b.OfferedAt, AcknowledgeBy = b.AcknowledgeBy, Lamps = b.Lamps } == b && a.Lamps.SequenceEqual(b.Lamps);

    /// <summary>With no work left, a busy responder is available again.</summary>
    private void Settle()
    {
        if (S.WorkOrders.Count == 0 && S.Status is ResponderStatus.Assigned or ResponderStatus.EnRoute or ResponderStatus.OnSite)
            S.Status = ResponderStatus.Available;
    }

    private async Task Commit(bool acting = false)
    {
        await state.WriteStateAsync();
        if (acting) crash.Reached("responder.saved");
        var profile = S.Profile!;
        var card = Card();
        await GrainFactory.GetGrain<IDispatcherGrain>(profile.Township).UpdateResponder(card);
        var figures = new CellFigures { RespondersAvailable = card.Status != ResponderStatus.OffDuty && card.Load < card.Capacity ? 1 : 0 };
        await GrainFactory.GetGrain<IGridCellGrain>(HomeCell(profile)).Contribute(ContributorKey, figures);
        events.Publish(new ResponderChanged { Township = profile.Township, At = clock.Now, Responder = card });
    }

    private string ContributorKey => "responder:" + Id;

    private static string HomeCell(ResponderProfile p) => CellKeys.Cell(p.Township, p.HomeAreas.Count > 0 ? p.HomeAreas[0] : p.Township);

    private ResponderCard Card()
    {
        var p = S.Profile!;
        return new ResponderCard
        {
            Id = Id, Name = p.Name, Township = p.Township, Skills = p.Skills, HomeAreas = p.HomeAreas, Capacity = p.Capacity,
            Status = S.Status, Lat = S.Lat ?? p.BaseLat, Lon = S.Lon ?? p.BaseLon, Load = S.WorkOrders.Count, Team = p.Team, Department = p.Department,
        };
    }

    private ResponderSnapshot Snapshot() => new(S.Profile!, Card(), [.. S.WorkOrders.Values.OrderBy(w => w.OfferedAt)]);
}

[GenerateSerializer, Alias("GridDispatch.Dispatch.ResponderState")]
public sealed class ResponderState
{
    [Id(0)] public ResponderProfile? Profile { get; set; }
    [Id(1)] public ResponderStatus Status { get; set; } = ResponderStatus.Available;
    [Id(2)] public double? Lat { get; set; }
    [Id(3)] public double? Lon { get; set; }
    [Id(4)] public Dictionary<string, WorkOrder> WorkOrders { get; set; } = [];
}
