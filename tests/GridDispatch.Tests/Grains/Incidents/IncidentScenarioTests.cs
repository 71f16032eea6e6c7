using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Grains.Incidents;

/// <summary>网格吹哨、部门报到 on a real in-process cluster in virtual time.</summary>
public sealed class IncidentScenarioTests(DomainClusterFixture f) : IClassFixture<DomainClusterFixture>
{
    private static readonly IncidentPolicy Policy = new();

    private IIncidentGrain Incident(string id) => f.Grains.GetGrain<IIncidentGrain>(id);
    private IResponderGrain Responder(string id) => f.Grains.GetGrain<IResponderGrain>(id);

    private IncidentReport Whistle(string category, IncidentSeverity severity, string cell, string? whistleId = null) => new()
    {
        Township = SmallTownship.Id, Source = IncidentSource.Whistle, SourceId = whistleId ?? Guid.NewGuid().ToString("N"),
        Category = category, Severity = severity, Cell = cell, Text = "网格吹哨：" + category, Lat = 34.3205, Lon = 107.13,
        ReportedBy = "v1-leader", ReportedAt = f.Clock.GetUtcNow(),
    };

    private static string IdOf(IncidentReport whistle) => IncidentIds.For(whistle.Township, whistle.Source, whistle.SourceId);

    [Fact]
    public async Task A_whistle_is_dispatched_to_the_holder_of_its_area_and_runs_the_whole_loop()
    {
        var cell = f.Grains.GetGrain<IGridCellGrain>(CellKeys.Cell(SmallTownship.Id, "v1-g1-n2"));
        var before = (await cell.GetSummary()).Figures.OpenIncidents;
        var whistle = Whistle("road", IncidentSeverity.Minor, "v1-g1-n2");

        var opened = await Incident(IdOf(whistle)).Open(whistle);

        Assert.True(opened.Ok, opened.Message);
        Assert.Equal(IncidentStatus.Dispatched, opened.Incident!.Status);
        Assert.Equal("cadre-road", opened.Incident.ResponderId); // holds v1-g1, though farther than cadre-far
        Assert.Equal(CellLevel.Village, opened.Incident.Level);   // 小事不出村
        var offered = await f.Events.WaitFor<WorkOrderOffered>(e => e.WorkOrder.IncidentId == IdOf(whistle));
        Assert.Equal("cadre-road", offered.WorkOrder.ResponderId);
        Assert.Equal("v1", (await f.Events.WaitFor<IncidentChanged>(e => e.Incident.Id == IdOf(whistle))).Village); // the village's screens hear of it
        await Eventually.Holds(() => cell.GetSummary(), s => s.Figures.OpenIncidents == before + 1, what: "open incident rolled up");
        var notTheirs = await Incident(IdOf(whistle)).Acknowledge("cadre-far");
        Assert.Equal((IncidentError.NotAssigned, IncidentStatus.Dispatched), (notTheirs.Error, notTheirs.Incident!.Status));
        Assert.Equal(IncidentError.InvalidState, (await Incident(IdOf(whistle)).Close("v1-leader", 5)).Error); // not resolved yet

        Assert.True((await Responder("cadre-road").Acknowledge(IdOf(whistle))).Ok);
        Assert.True((await Responder("cadre-road").Arrive(IdOf(whistle))).Ok);
        Assert.True((await Responder("cadre-road").Resolve(IdOf(whistle), "已填平")).Ok);
        var closed = await Incident(IdOf(whistle)).Close("v1-leader", 5);

        Assert.Equal(IncidentStatus.Closed, closed.Incident!.Status);
        Assert.Equal(
            [TimelineKind.Reported, TimelineKind.Triaged, TimelineKind.Dispatched, TimelineKind.Acknowledged, TimelineKind.Arrived, TimelineKind.Resolved, TimelineKind.Closed],
            closed.Incident.Timeline.Select(e => e.Kind));
        await Eventually.Holds(() => cell.GetSummary(), s => s.Figures.OpenIncidents == before, what: "closed incident left the roll-up");
        Assert.Empty((await Responder("cadre-road").GetSnapshot())!.WorkOrders);
    }

    [Fact]
    public async Task Each_incident_gets_the_next_receipt_number_of_its_day_and_keeps_it_when_sent_again()
    {
        var first = Whistle("road", IncidentSeverity.Minor, "v1-g1-n1");
        var second = Whistle("road", IncidentSeverity.Minor, "v1-g1-n2");

        var a = (await Incident(IdOf(first)).Open(first)).Incident!.Number!;
        var b = (await Incident(IdOf(second)).Open(second)).Incident!.Number!;
        var again = (await Incident(IdOf(first)).Open(first)).Incident!.Number;

        var day = first.ReportedAt.ToOffset(TimeSpan.FromHours(8)).ToString("MMdd");
        Assert.Matches($"^测试-{day}-\\d{{4}}$", a); // 测试镇 → 测试, read over the phone
        Assert.Equal(int.Parse(a[^4..]) + 1, int.Parse(b[^4..]));
        Assert.Equal(a, again);
        Assert.Equal(a, (await Incident(IdOf(first)).Get())!.Number);
    }

    [Fact]
    public async Task The_same_whistle_id_twice_is_one_incident()
    {
        var whistle = Whistle("road", IncidentSeverity.Minor, "v1-g1-n1", whistleId: "handheld-7-0001");

        var first = await Incident(IdOf(whistle)).Open(whistle);
        var again = await Incident(IdOf(whistle)).Open(whistle with { Text = "重复提交" });

        Assert.Equal(first.Incident!.Id, again.Incident!.Id);
        Assert.Single(again.Incident.Timeline, e => e.Kind == TimelineKind.Reported);
        Assert.Equal("网格吹哨：road", again.Incident.Report.Text);
    }

    [Fact]
    public async Task A_decline_and_an_unanswered_offer_each_go_to_the_next_responder_and_never_back()
    {
        var whistle = Whistle("lighting", IncidentSeverity.Minor, "v2-g1-n1");
        var id = IdOf(whistle);
        Assert.Equal("team-v2", (await Incident(id).Open(whistle)).Incident!.ResponderId);
        await f.Events.WaitFor<WorkOrderOffered>(e => e.WorkOrder.IncidentId == id && e.WorkOrder.ResponderId == "team-v2");

        var declined = await Responder("team-v2").Decline(id, "车辆故障");
        Assert.True(declined.Ok, declined.Message);
        Assert.Equal("team-v1", (await Incident(id).Get())!.ResponderId);

        f.Clock.Advance(Policy.AcknowledgeTimeout + TimeSpan.FromSeconds(1));
        var reviewed = await Incident(id).Review();
        Assert.Equal("power-duty", reviewed!.ResponderId);
        await f.Events.WaitFor<WorkOrderWithdrawn>(e => e.IncidentId == id && e.ResponderId == "team-v1");
        Assert.Contains(reviewed.Timeline, e => e.Kind == TimelineKind.Declined && e.ResponderId == "team-v2");
        Assert.Contains(reviewed.Timeline, e => e.Kind == TimelineKind.AcknowledgeTimedOut && e.ResponderId == "team-v1");
        Assert.DoesNotContain((await Responder("team-v1").GetSnapshot())!.WorkOrders, w => w.IncidentId == id);
    }

    [Fact]
    public async Task An_unanswered_micro_matter_climbs_to_the_county_one_deadline_at_a_time_alerting_each_levels_leader()
    {
        var whistle = Whistle("dispute", IncidentSeverity.Micro, "v1-g1-n1"); // nobody handles disputes here
        var id = IdOf(whistle);
        var opened = await Incident(id).Open(whistle);
        Assert.Equal(IncidentStatus.Triaged, opened.Incident!.Status);
        Assert.Equal(CellLevel.Neighbourhood, opened.Incident.Level);   // 微事不出格
        Assert.Contains(opened.Incident.Timeline, e => e.Kind == TimelineKind.NoResponder);

        var levels = new List<CellLevel>();
        for (var i = 0; i < 4; i++)
        {
            f.Clock.Advance(Policy.Micro.Respond + TimeSpan.FromSeconds(1));
            levels.Add((await Incident(id).Review())!.Level);
        }

        Assert.Equal([CellLevel.Village, CellLevel.Township, CellLevel.County, CellLevel.County], levels);
        var village = await f.Events.WaitFor<IncidentEscalated>(e => e.IncidentId == id && e.Level == CellLevel.Village);
        Assert.Equal(["v1-leader"], village.AlertedLeaders);
        Assert.Equal(CellKeys.County(SmallTownship.County), (await f.Events.WaitFor<IncidentEscalated>(e => e.IncidentId == id && e.Level == CellLevel.County)).CellKey);
        Assert.Equal(4, (await Incident(id).Get())!.DeadlinesMissed);
    }

    [Fact]
    public async Task Lamps_losing_supply_on_one_feeder_are_one_outage_not_one_ticket_each_and_it_resolves_itself()
    {
        var feeder = SmallTownship.LampIds.Take(6).ToList(); // all on F1, across two neighbourhoods
        foreach (var lamp in feeder) await Report(lamp, voltage: 0, current: 0);

        // The first lamp's alarm opened the outage; every other lamp's alarm joined it instead of opening its own. (The
        // lamps answer before the desk files their alarms: the outage is waited for.)
        var outage = await AlarmIncident(IncidentSource.FeederOutage, feeder[0], FaultCode.POWER_FAILURE);
        var incident = (await Eventually.Holds(() => Incident(outage).Get(), i => i?.Lamps.Count == feeder.Count, what: "every lamp on the outage"))!;
        Assert.Equal(feeder.Order(), incident.Lamps.Order());
        foreach (var lamp in feeder.Skip(1)) Assert.Null(await Incident(await AlarmIncident(IncidentSource.FeederOutage, lamp, FaultCode.POWER_FAILURE)).Get());
        Assert.Equal("electrical", incident.Report.Category);

        for (var round = 0; round < new FaultThresholds().ClearAfterReports; round++)
            foreach (var lamp in feeder) await Report(lamp, voltage: 221, current: 0.4);
        await Eventually.Holds(() => Incident(outage).Get(), i => i!.Status == IncidentStatus.Resolved, what: "the outage resolved");
    }

    [Fact]
    public async Task Dead_lamps_close_together_on_one_street_are_one_work_order_for_the_village_team()
    {
        var street = SmallTownship.LampIds.Skip(8).Take(3).ToList(); // v2, about 55 m apart
        foreach (var lamp in street) await Report(lamp, voltage: 221, current: 0);

        var first = Incident(await AlarmIncident(IncidentSource.LampAlarm, street[0], FaultCode.LAMP_FAILURE));
        var order = (await Eventually.Holds(() => first.Get(), i => i?.Lamps.Count == street.Count, what: "the street's lamps on one order"))!;
        foreach (var lamp in street.Skip(1)) Assert.Null(await Incident(await AlarmIncident(IncidentSource.LampAlarm, lamp, FaultCode.LAMP_FAILURE)).Get());
        Assert.Equal(street, order.Lamps);
        Assert.Equal("team-v2", order.ResponderId);
    }

    [Fact]
    public async Task Emergency_mode_calls_everyone_to_report_tracks_check_ins_and_returns_to_normal_explicitly()
    {
        var township = f.Grains.GetGrain<ITownshipGrain>(SmallTownship.Id);

        var declared = await township.SetMode(TownshipMode.Emergency, "township-secretary", "台风“海燕”");
        var called = await f.Events.WaitFor<ReportCalled>(e => e.Township == SmallTownship.Id);
        Assert.Equal(7, called.Called.Count); // 5 responders, 2 departments
        Assert.Equal(0, declared.CheckedIn);

        Assert.True(await township.CheckIn("team-v1"));
        Assert.True(await township.CheckIn("dianli"));
        Assert.True(await township.CheckIn("dianli"));
        Assert.False(await township.CheckIn("stranger"));
        var board = await township.GetMode();
        Assert.Equal(2, board.CheckedIn);
        Assert.Equal(TownshipMode.Emergency, board.Mode);

        var normal = await township.SetMode(TownshipMode.Normal, "township-secretary", "台风过境");
        Assert.Equal(TownshipMode.Normal, normal.Mode);
        Assert.Empty(normal.Board);
        var record = normal.History[0];
        Assert.Equal((7, 2), (record.Called, record.CheckedIn));
        Assert.False(await township.CheckIn("team-v2"));
    }

    [Fact]
    public async Task Whistles_with_unknown_cells_categories_or_unsafe_ids_are_refused_and_nothing_is_opened()
    {
        var unknownCell = Whistle("road", IncidentSeverity.Minor, "no-such-cell");
        var unknownCategory = Whistle("aliens", IncidentSeverity.Minor, "v1-g1-n1");
        var unsafeId = Whistle("road", IncidentSeverity.Minor, "v1-g1-n1") with { SourceId = "a b/c" };

        foreach (var bad in new[] { unknownCell, unknownCategory, unsafeId })
        {
            var result = await Incident(IdOf(bad)).Open(bad);
            Assert.Equal(IncidentError.InvalidArgument, result.Error);
            Assert.Null(await Incident(IdOf(bad)).Get());
        }
    }

    /// <summary>The incident the lamp's open alarm of <paramref name="code"/> would have opened, had it not joined another.</summary>
    private async Task<string> AlarmIncident(IncidentSource source, string lamp, FaultCode code)
    {
        var alarm = (await f.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot())!.OpenAlarms.Single(a => a.Code == code);
        return IncidentIds.For(SmallTownship.Id, source, alarm.AlarmId);
    }

    private async Task Report(string lamp, double voltage, double current)
    {
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        var outcome = await f.Grains.GetGrain<IStreetlightGrain>(lamp).ReportTelemetry(new LampTelemetry
        {
            Timestamp = f.Clock.GetUtcNow(), On = true, Voltage = voltage, Current = current, Lux = 1,
        });
        Assert.Equal(TelemetryOutcome.Accepted, outcome);
    }
}
