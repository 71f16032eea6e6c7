using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Grains.Incidents;

/// <summary>The command centre's hand on incidents and lamps (#18), on a real in-process cluster in virtual time.</summary>
public sealed class CommandCentreScenarioTests(DomainClusterFixture f) : IClassFixture<DomainClusterFixture>
{
    private static readonly IncidentPolicy Policy = new();

    private IIncidentGrain Incident(string id) => f.Grains.GetGrain<IIncidentGrain>(id);
    private IResponderGrain Responder(string id) => f.Grains.GetGrain<IResponderGrain>(id);

    private async Task<IncidentSnapshot> Opened(string category, string cell, IncidentSeverity severity = IncidentSeverity.Minor)
    {
        var whistle = new IncidentReport
        {
            Township = SmallTownship.Id, Source = IncidentSource.Whistle, SourceId = Guid.NewGuid().ToString("N"), Category = category,
            Severity = severity, Cell = cell, Text = "网格吹哨：" + category, Lat = 34.3205, Lon = 107.13, ReportedBy = "v1-leader", ReportedAt = f.Clock.GetUtcNow(),
        };
        var opened = await Incident(IncidentIds.For(whistle.Township, whistle.Source, whistle.SourceId)).Open(whistle);
        Assert.True(opened.Ok, opened.Message);
        return opened.Incident!;
    }

    private async Task<IncidentSnapshot> Resolved(IncidentSnapshot incident)
    {
        var holder = Responder(incident.ResponderId!);
        Assert.True((await holder.Acknowledge(incident.Id)).Ok);
        Assert.True((await holder.Arrive(incident.Id)).Ok);
        var resolved = await holder.Resolve(incident.Id, "已处理");
        Assert.True(resolved.Ok, resolved.Message);
        return resolved.Incident!;
    }

    [Fact]
    public async Task Reopening_a_closed_incident_restarts_its_deadlines_from_now_and_dispatches_it_again()
    {
        var incident = await Resolved(await Opened("road", "v1-g1-n2"));
        Assert.True((await Incident(incident.Id).Close("v1-leader", 2, incident.Version)).Ok);
        f.Clock.Advance(TimeSpan.FromDays(10)); // long past the first deadlines

        var reopened = await Incident(incident.Id).Reopen("township-secretary", "群众不满意，路面仍有坑", (await Incident(incident.Id).Get())!.Version);

        Assert.True(reopened.Ok, reopened.Message);
        var now = f.Clock.GetUtcNow();
        Assert.Equal(now + Policy.Minor.Respond, reopened.Incident!.RespondBy);
        Assert.Equal(now + Policy.Minor.Resolve, reopened.Incident.ResolveBy);
        Assert.Equal(IncidentStatus.Dispatched, reopened.Incident.Status);
        Assert.Null(reopened.Incident.Satisfaction);
        // The fresh window holds: a review just before it ends misses nothing; just after, it does.
        var missedBefore = reopened.Incident.DeadlinesMissed;
        f.Clock.Advance(Policy.Minor.Respond - TimeSpan.FromMinutes(1));
        Assert.Equal(missedBefore, (await Incident(incident.Id).Review())!.DeadlinesMissed);
        f.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(missedBefore + 1, (await Incident(incident.Id).Review())!.DeadlinesMissed);
    }

    [Fact]
    public async Task A_merged_duplicate_leaves_the_lists_and_resolves_and_closes_with_its_master()
    {
        var master = await Opened("road", "v1-g1-n1");
        var duplicate = await Opened("road", "v1-g1-n2");

        var merged = await Incident(duplicate.Id).MergeInto("township-secretary", master.Id, "同一处塌方", duplicate.Version);

        Assert.True(merged.Ok, merged.Message);
        Assert.Equal((IncidentStatus.Merged, master.Id), (merged.Incident!.Status, merged.Incident.MergedInto));
        var withDuplicate = (await Incident(master.Id).Get())!;
        Assert.Equal(duplicate.Id, Assert.Single(withDuplicate.Duplicates).IncidentId);
        Assert.Contains(withDuplicate.Timeline, e => e.Kind == TimelineKind.DuplicateMerged);
        // Merged twice, or into itself, or a master into its own duplicate: refused.
        Assert.Equal(IncidentError.InvalidState, (await Incident(duplicate.Id).MergeInto("x", master.Id, null, null)).Error);
        Assert.Equal(IncidentError.InvalidArgument, (await Incident(master.Id).MergeInto("x", master.Id, null, null)).Error);

        await Resolved(withDuplicate);
        var followed = await Eventually.Holds(() => Incident(duplicate.Id).Get(), d => d!.Status == IncidentStatus.Resolved, what: "duplicate resolved with its master");
        Assert.Contains(followed!.Timeline, e => e.Kind == TimelineKind.FollowedMaster && e.Text!.Contains("已处理", StringComparison.Ordinal));

        Assert.True((await Incident(master.Id).Close("v1-leader", 4)).Ok);
        var closed = await Eventually.Holds(() => Incident(duplicate.Id).Get(), d => d!.Status == IncidentStatus.Closed, what: "duplicate closed with its master");
        Assert.Equal(4, closed!.Satisfaction);
    }

    [Fact]
    public async Task A_co_handled_incident_resolves_only_when_its_lead_does_with_each_part_on_the_timeline()
    {
        var incident = await Opened("lighting", "v2-g1-n1");
        Assert.Equal("team-v2", incident.ResponderId);

        var added = await Incident(incident.Id).AddCoHandler("township-secretary", "power-duty", "dianli", "线路老化，请电力所协办", incident.Version);
        Assert.True(added.Ok, added.Message);
        var offered = await f.Events.WaitFor<WorkOrderOffered>(e => e.WorkOrder.IncidentId == incident.Id && e.WorkOrder.ResponderId == "power-duty");
        Assert.True(offered.WorkOrder.CoHandling);

        // The co-handler does its part: the incident stays open.
        Assert.True((await Responder("power-duty").Acknowledge(incident.Id)).Ok);
        var partDone = await Responder("power-duty").Resolve(incident.Id, "已更换配电箱");
        Assert.True(partDone.Ok, partDone.Message);
        Assert.True(partDone.Incident!.Status.IsOpen());
        Assert.Equal(PartStatus.Done, Assert.Single(partDone.Incident.CoHandlers).Status);
        Assert.Empty((await Responder("power-duty").GetSnapshot())!.WorkOrders);
        Assert.Equal(IncidentError.InvalidState, (await Incident(incident.Id).Close("v1-leader", 5)).Error);

        var resolved = await Resolved(partDone.Incident);
        Assert.Equal(IncidentStatus.Resolved, resolved.Status);
        var kinds = resolved.Timeline.Select(e => (e.Kind, e.By)).ToList();
        Assert.Contains((TimelineKind.CoHandlerAdded, "township-secretary"), kinds);
        Assert.Contains((TimelineKind.CoHandlerAcknowledged, "power-duty"), kinds);
        Assert.Contains((TimelineKind.CoHandlerDone, "power-duty"), kinds);
        Assert.Contains((TimelineKind.Resolved, "team-v2"), kinds);
        Assert.True(kinds.IndexOf((TimelineKind.CoHandlerDone, "power-duty")) < kinds.IndexOf((TimelineKind.Resolved, "team-v2")));
    }

    [Fact]
    public async Task A_co_handler_still_working_loses_its_order_when_the_lead_resolves()
    {
        var incident = await Opened("lighting", "v2-g1-n1");
        Assert.True((await Incident(incident.Id).AddCoHandler("township-secretary", "power-duty", null, null, incident.Version)).Ok);
        await Eventually.Holds(() => Responder("power-duty").GetSnapshot(), r => r!.WorkOrders.Any(w => w.IncidentId == incident.Id), what: "co-handler's order");

        await Resolved((await Incident(incident.Id).Get())!);

        await Eventually.Holds(() => Responder("power-duty").GetSnapshot(), r => r!.WorkOrders.All(w => w.IncidentId != incident.Id), what: "co-handler's order withdrawn");
    }

    [Fact]
    public async Task Hand_dispatch_reassigns_and_withdraws_and_the_one_it_left_is_not_offered_it_again()
    {
        var incident = await Opened("road", "v1-g1-n2");
        Assert.Equal("cadre-road", incident.ResponderId);
        var ranked = await f.Grains.GetGrain<IDispatcherGrain>(SmallTownship.Id).RankForHand(DispatchRequest.For(incident));
        Assert.Equal("cadre-far", ranked[0].Responder.Id); // the holder is left out; the other road cadre first
        Assert.All(ranked.Where(r => r.Eligible), r => Assert.NotNull(r.DistanceKm));

        var reassigned = await Incident(incident.Id).Assign("township-secretary", "cadre-far", "李干部请假", incident.Version);
        Assert.True(reassigned.Ok, reassigned.Message);
        Assert.Equal((IncidentStatus.Dispatched, "cadre-far"), (reassigned.Incident!.Status, reassigned.Incident.ResponderId));
        await f.Events.WaitFor<WorkOrderOffered>(e => e.WorkOrder.IncidentId == incident.Id && e.WorkOrder.ResponderId == "cadre-far");
        await f.Events.WaitFor<WorkOrderWithdrawn>(e => e.IncidentId == incident.Id && e.ResponderId == "cadre-road");
        Assert.Equal(IncidentError.InvalidState, (await Incident(incident.Id).Assign("x", "cadre-far", null, null)).Error); // already theirs

        // Withdrawn from cadre-far: cadre-road was left by hand, so nobody qualified remains.
        var withdrawn = await Incident(incident.Id).WithdrawFromHolder("township-secretary", "改由住建办处理", reassigned.Incident.Version);
        Assert.True(withdrawn.Ok, withdrawn.Message);
        Assert.Equal(IncidentStatus.Triaged, withdrawn.Incident!.Status);
        Assert.Null(withdrawn.Incident.ResponderId);
        Assert.Contains(withdrawn.Incident.Timeline, e => e.Kind == TimelineKind.Withdrawn && e.ResponderId == "cadre-far");
        Assert.Equal(IncidentError.InvalidState, (await Incident(incident.Id).WithdrawFromHolder("x", null, null)).Error);
    }

    [Fact]
    public async Task A_stale_version_changes_nothing_and_gets_the_current_state_back()
    {
        var incident = await Opened("road", "v1-g1-n1");
        var first = await Incident(incident.Id).Retriage("operator-a", "water", null, null, "实为水管破裂", incident.Version);
        Assert.True(first.Ok, first.Message);

        var second = await Incident(incident.Id).Retriage("operator-b", null, IncidentSeverity.Major, CellLevel.Township, "看错了", incident.Version);

        Assert.Equal(IncidentError.Stale, second.Error);
        Assert.Equal(first.Incident!.Version, second.Incident!.Version);
        Assert.Equal(("water", IncidentSeverity.Minor), (second.Incident.Report.Category, second.Incident.Report.Severity));
        var retried = await Incident(incident.Id).Retriage("operator-b", null, IncidentSeverity.Major, CellLevel.Township, "升级", second.Incident.Version);
        Assert.True(retried.Ok, retried.Message);
        Assert.Equal((IncidentSeverity.Major, CellLevel.Township), (retried.Incident!.Report.Severity, retried.Incident.Level));
        Assert.Equal(f.Clock.GetUtcNow() + Policy.Major.Resolve, retried.Incident.ResolveBy);
        Assert.Contains(retried.Incident.Timeline, e => e.Kind == TimelineKind.LevelChanged && e.Level == CellLevel.Township && e.By == "operator-b");
        Assert.Equal(IncidentError.InvalidArgument, (await Incident(incident.Id).Retriage("x", null, null, null, null, null)).Error);
    }

    [Fact]
    public async Task Urging_notifies_the_holder_counts_on_the_incident_and_needs_someone_to_urge()
    {
        var incident = await Opened("road", "v1-g1-n1");
        var urged = await Incident(incident.Id).Urge("township-secretary", null, "请今日内到场", incident.Version);

        Assert.True(urged.Ok, urged.Message);
        Assert.Equal(1, urged.Incident!.Urges);
        var notice = await f.Events.WaitFor<WorkOrderUrged>(e => e.IncidentId == incident.Id);
        Assert.Equal(("cadre-road", "请今日内到场", 1), (notice.ResponderId, notice.Note, notice.Count));
        Assert.Equal(IncidentError.InvalidArgument, (await Incident(incident.Id).Urge("x", "team-v1", null, null)).Error); // not on it

        Assert.True((await Incident(incident.Id).Cancel("township-secretary", "重复上报", null)).Ok);
        Assert.Equal(IncidentError.InvalidState, (await Incident(incident.Id).Urge("x", null, null, null)).Error);
        Assert.Equal(IncidentError.NotFound, (await Incident("testtown-w-nothing").Urge("x", null, null, null)).Error);
    }

    [Fact]
    public async Task A_call_back_follows_resolution_and_closing_records_the_satisfaction()
    {
        var incident = await Opened("road", "v1-g1-n1");
        Assert.Equal(IncidentError.InvalidState, (await Incident(incident.Id).RecordCallBack("v1-leader", true, null, null)).Error);
        var resolved = await Resolved(incident);

        var called = await Incident(incident.Id).RecordCallBack("v1-leader", reached: false, "无人接听", resolved.Version);
        Assert.True(called.Ok, called.Message);
        called = await Incident(incident.Id).RecordCallBack("v1-leader", reached: true, "群众满意", called.Incident!.Version);
        var closed = await Incident(incident.Id).Close("v1-leader", 5, called.Incident!.Version);

        Assert.True(closed.Ok, closed.Message);
        Assert.Equal((true, "群众满意"), (closed.Incident!.LastCallBack!.Reached, closed.Incident.LastCallBack.Notes));
        Assert.Equal(2, closed.Incident.Timeline.Count(e => e.Kind == TimelineKind.CalledBack));
        Assert.Equal(5, closed.Incident.Satisfaction);
    }

    [Fact]
    public async Task Maintenance_suppresses_a_lamps_alarms_then_ends_by_itself_and_restores_them()
    {
        var lamp = SmallTownship.LampIds[11]; // v2, alone at the end of its street
        var grain = f.Grains.GetGrain<IStreetlightGrain>(lamp);
        var inMaintenance = await grain.StartMaintenance(f.Clock.GetUtcNow().AddHours(2), "township-secretary", "更换灯头");
        Assert.NotNull(inMaintenance!.Maintenance);

        await Report(lamp, leakageMa: 52); // 漏电: an emergency work order of its own, were it not in maintenance
        var alarm = Assert.Single((await grain.GetSnapshot())!.OpenAlarms, a => a.Code == FaultCode.LEAKAGE);
        Assert.True(alarm.Suppressed);
        var raised = await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.AlarmId == alarm.AlarmId);
        Assert.True(raised.Alarm.Suppressed); // the screens show it, marked
        var incidentId = IncidentIds.For(SmallTownship.Id, IncidentSource.LampAlarm, alarm.AlarmId);
        Assert.Null(await Incident(incidentId).Get());

        f.Clock.Advance(TimeSpan.FromHours(2));
        await Report(lamp, leakageMa: 52); // still leaking when the period is over

        var after = (await grain.GetSnapshot())!;
        Assert.Null(after.Maintenance);
        Assert.False(Assert.Single(after.OpenAlarms, a => a.Code == FaultCode.LEAKAGE).Suppressed);
        var opened = await Eventually.Holds(() => Incident(incidentId).Get(), i => i is not null, what: "work order after maintenance");
        Assert.Equal(IncidentSeverity.Emergency, opened!.Report.Severity);
        Assert.Equal([lamp], opened.Lamps);
    }

    private async Task Report(string lamp, double leakageMa)
    {
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        var outcome = await f.Grains.GetGrain<IStreetlightGrain>(lamp).ReportTelemetry(new LampTelemetry
        {
            Timestamp = f.Clock.GetUtcNow(), On = true, Voltage = 221, Current = 0.4, Lux = 1, LeakageMa = leakageMa,
        });
        Assert.Equal(TelemetryOutcome.Accepted, outcome);
    }
}
