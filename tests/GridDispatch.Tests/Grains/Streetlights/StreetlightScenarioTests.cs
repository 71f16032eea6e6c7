using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>The lamp path on a real in-process cluster, in virtual time: telemetry → faults → alarms → roll-ups → events.</summary>
public sealed class StreetlightScenarioTests(DomainClusterFixture f) : IClassFixture<DomainClusterFixture>
{
    private static readonly FaultThresholds Limits = new();

    private IStreetlightGrain Lamp(string id) => f.Grains.GetGrain<IStreetlightGrain>(id);

    private LampTelemetry Healthy()
    {
        f.Clock.Advance(TimeSpan.FromSeconds(1)); // each report strictly newer than the last
        return new LampTelemetry
        {
            Timestamp = f.Clock.GetUtcNow(), On = true, Brightness = 80, Voltage = 220, Current = 0.4, Power = 88,
            EnergyWh = 1000, Lux = 2, Battery = 90, Tilt = 0.5, LeakageMa = 0,
        };
    }

    /// <summary>A fresh lamp for one test, in cell v2-g1-n1, so tests do not see each other's alarms.</summary>
    private async Task<string> NewLamp(bool solar = false, string? feeder = null)
    {
        var id = $"{SmallTownship.Id}-X{Guid.NewGuid():N}"[..24];
        await Lamp(id).Configure(new LampProfile
        {
            LampId = id, Township = SmallTownship.Id, Cell = "v2-g1-n1", Village = "v2", Lat = 34.3, Lon = 107.1, Solar = solar, Feeder = feeder,
        });
        return id;
    }

    /// <summary>Faults one report shows (LAMP_OUT needs a lighting program: Grains/Lighting; cycling and end of life a history: below and LampHealthTests).</summary>
    public static TheoryData<FaultCode> DerivedFaults => [.. Enum.GetValues<FaultCode>()
        .Where(c => c is not (FaultCode.COMM_LOSS or FaultCode.LAMP_OUT or FaultCode.LAMP_CYCLING or FaultCode.NEAR_END_OF_LIFE))];

    private LampTelemetry Showing(FaultCode code) => code switch
    {
        FaultCode.LAMP_FAILURE => Healthy() with { Current = 0 },
        FaultCode.POWER_FAILURE => Healthy() with { Voltage = 0, Current = 0 },
        FaultCode.OVER_VOLTAGE => Healthy() with { Voltage = 265 },
        FaultCode.DAY_BURNING => Healthy() with { Lux = 30_000 },
        FaultCode.LOW_BATTERY => Healthy() with { Battery = 12 },
        FaultCode.POLE_TILT => Healthy() with { Tilt = 25 },
        FaultCode.LEAKAGE => Healthy() with { LeakageMa = 48 },
        FaultCode.RELAY_FAILURE => Healthy() with { On = false, Brightness = 0 },
        FaultCode.POWER_HIGH => Healthy() with { Power = 150, Current = 0.68 },
        FaultCode.POWER_LOW => Healthy() with { Power = 30, Current = 0.14 },
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    [Theory, MemberData(nameof(DerivedFaults))]
    public async Task Each_fault_is_raised_from_telemetry_and_cleared_when_the_telemetry_says_so(FaultCode code)
    {
        var lamp = await NewLamp(solar: code == FaultCode.LOW_BATTERY);

        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(lamp).ReportTelemetry(Showing(code)));
        var raised = await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == lamp);
        Assert.Equal(code, raised.Alarm.Code);
        Assert.Equal(SmallTownship.Id, raised.Township);
        Assert.True((await Lamp(lamp).GetSnapshot())!.OpenFaults.Contains(code));

        for (var i = 0; i < Limits.ClearAfterReports; i++) await Lamp(lamp).ReportTelemetry(Healthy());
        var cleared = await f.Events.WaitFor<AlarmCleared>(e => e.Alarm.LampId == lamp);
        Assert.Equal(raised.Alarm.AlarmId, cleared.Alarm.AlarmId);
        Assert.True((await Lamp(lamp).GetSnapshot())!.OpenFaults.IsEmpty);
    }

    [Fact]
    public async Task A_lamp_switching_on_and_off_too_often_is_cycling_and_its_drawer_counts_switches_and_burn_hours()
    {
        var lamp = await NewLamp();
        // Two minutes apart (within COMM_LOSS's three), lit and dark by turns: seven switches in 14 minutes, lit 8 of them.
        for (var i = 0; i <= Limits.CyclingSwitches + 1; i++)
        {
            f.Clock.Advance(TimeSpan.FromMinutes(2));
            var on = i % 2 == 0;
            await Lamp(lamp).ReportTelemetry(Healthy() with { On = on, Brightness = on ? 80 : 0, Current = on ? 0.4 : 0, Power = on ? 88 : 0 });
        }

        var raised = await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == lamp);
        Assert.Equal(FaultCode.LAMP_CYCLING, raised.Alarm.Code);
        var snapshot = (await Lamp(lamp).GetSnapshot())!;
        Assert.Equal(Limits.CyclingSwitches + 1, snapshot.Switches);
        Assert.Equal(8.0 / 60, snapshot.BurnHours, precision: 2);
    }

    [Fact]
    public async Task Repeated_reports_of_one_fault_raise_exactly_one_alarm()
    {
        var lamp = await NewLamp();
        for (var i = 0; i < 10; i++) await Lamp(lamp).ReportTelemetry(Showing(FaultCode.LEAKAGE));
        var device = new LampDeviceEvent(f.Clock.GetUtcNow(), LampDeviceEventType.Fault, FaultCode.LEAKAGE);
        await Lamp(lamp).ReportDeviceEvent(device);

        await f.Events.WaitFor<LampChanged>(e => e.Lamp.LampId == lamp && e.Lamp.OpenFaults.Contains(FaultCode.LEAKAGE));
        await Task.Delay(DomainEventNotifier.FlushInterval * 10); // let any late duplicate arrive
        var alarm = Assert.Single(f.Events.All<AlarmRaised>(e => e.Alarm.LampId == lamp));
        Assert.Equal(AlarmSeverity.Critical, alarm.Alarm.Severity);
        Assert.Single((await Lamp(lamp).GetSnapshot())!.OpenAlarms);
    }

    [Fact]
    public async Task An_open_alarm_is_acknowledged_once_and_its_events_name_the_lamps_village()
    {
        var lamp = await NewLamp();
        await Lamp(lamp).ReportTelemetry(Showing(FaultCode.POLE_TILT));
        var raised = await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == lamp);
        Assert.Equal(("v2-g1-n1", "v2"), (raised.Cell, raised.Village));

        Assert.True(await Lamp(lamp).AcknowledgeAlarm(raised.Alarm.AlarmId, "leader-v2"));
        var acknowledged = await f.Events.WaitFor<AlarmAcknowledged>(e => e.Alarm.AlarmId == raised.Alarm.AlarmId);
        Assert.Equal(("leader-v2", "v2"), (acknowledged.Alarm.AcknowledgedBy, acknowledged.Village));
        Assert.NotNull(Assert.Single((await Lamp(lamp).GetSnapshot())!.OpenAlarms).AcknowledgedAt);

        Assert.False(await Lamp(lamp).AcknowledgeAlarm(raised.Alarm.AlarmId, "someone-else")); // already acknowledged
        Assert.False(await Lamp(lamp).AcknowledgeAlarm("no-such-alarm", "leader-v2"));
        Assert.Equal("leader-v2", Assert.Single((await Lamp(lamp).GetSnapshot())!.OpenAlarms).AcknowledgedBy);
    }

    [Fact]
    public async Task A_lamp_silent_for_three_report_intervals_raises_comm_loss_and_speaking_clears_it()
    {
        var lamp = await NewLamp();
        await Lamp(lamp).ReportTelemetry(Healthy());

        f.Clock.Advance(Limits.ReportInterval * 2.5);
        await Task.Delay(200);
        Assert.Empty(f.Events.All<AlarmRaised>(e => e.Alarm.LampId == lamp));

        f.Clock.Advance(Limits.ReportInterval);
        var raised = await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == lamp);
        Assert.Equal(FaultCode.COMM_LOSS, raised.Alarm.Code);
        Assert.False((await Lamp(lamp).GetSnapshot())!.Online);

        await Lamp(lamp).ReportTelemetry(Healthy());
        var cleared = await f.Events.WaitFor<AlarmCleared>(e => e.Alarm.LampId == lamp);
        Assert.Equal(FaultCode.COMM_LOSS, cleared.Alarm.Code);
        Assert.True((await Lamp(lamp).GetSnapshot())!.Online);
    }

    [Fact]
    public async Task A_silent_lamp_heard_only_through_a_command_acknowledgement_clears_comm_loss_for_everyone()
    {
        var lamp = await NewLamp();
        await Lamp(lamp).ReportTelemetry(Healthy());
        var sent = (await Lamp(lamp).SetBrightness(30, "command-centre")).Command!;

        f.Clock.Advance(Limits.ReportInterval * 3.5);
        Assert.Equal(FaultCode.COMM_LOSS, (await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == lamp)).Alarm.Code);

        // Its first word after the silence is the command's acknowledgement, not a report.
        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(lamp).CommandAcknowledged(sent.CmdId, ok: true));
        var cleared = await f.Events.WaitFor<AlarmCleared>(e => e.Alarm.LampId == lamp);
        Assert.Equal(FaultCode.COMM_LOSS, cleared.Alarm.Code);
        var snapshot = (await Lamp(lamp).GetSnapshot())!;
        Assert.True(snapshot.Online);
        Assert.Empty(snapshot.OpenAlarms);
    }

    [Fact]
    public async Task Sixty_lamps_of_a_feeder_falling_silent_at_once_are_filed_in_batches_into_one_incident()
    {
        // The desk takes the alarms that arrive while it files a batch as the next batch: an order opened in a batch is
        // joined by the rest of that batch in memory, before any incident is asked, and each incident hears its lamps in one call.
        var feeder = "FB-" + Guid.NewGuid().ToString("N")[..8];
        var onFeeder = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => NewLamp(feeder: feeder)));
        await Task.WhenAll(onFeeder.Select(lamp => Lamp(lamp).ReportTelemetry(Healthy())));

        f.Clock.Advance(Limits.ReportInterval * 3.5); // the scan tells all sixty at once
        var outage = await Eventually.Holds(() => Task.FromResult(f.Events.All<IncidentChanged>(e => e.Incident.Lamps.Contains(onFeeder[0])).LastOrDefault()),
            e => e is not null && onFeeder.All(e.Incident.Lamps.Contains), TimeSpan.FromSeconds(20), "the sixty silent lamps in one incident");
        Assert.Equal(60, outage!.Incident.Lamps.Count);
        Assert.Single(f.Events.All<IncidentChanged>(e => e.Incident.Lamps.Intersect(onFeeder).Any()).Select(e => e.Incident.Id).Distinct());
        foreach (var lamp in onFeeder) Assert.Equal(FaultCode.COMM_LOSS, Assert.Single((await Lamp(lamp).GetSnapshot())!.OpenAlarms).Code);
    }

    [Fact]
    public async Task Lamps_falling_silent_together_on_one_feeder_are_one_outage_with_one_incident()
    {
        var feeder = "FX-" + Guid.NewGuid().ToString("N")[..8];
        string[] onFeeder = [await NewLamp(feeder: feeder), await NewLamp(feeder: feeder), await NewLamp(feeder: feeder), await NewLamp(feeder: feeder)];
        var elsewhere = await NewLamp(feeder: feeder + "-other");
        foreach (var lamp in onFeeder.Append(elsewhere)) await Lamp(lamp).ReportTelemetry(Healthy());

        f.Clock.Advance(Limits.ReportInterval * 3.5); // all five stop reporting at once: the controller went quiet
        foreach (var lamp in onFeeder.Append(elsewhere))
            Assert.Equal(FaultCode.COMM_LOSS, (await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == lamp)).Alarm.Code);

        // One incident holds the four lamps of the feeder (not four incidents); the lamp on another feeder has its own.
        var outage = await Eventually.Holds(() => Task.FromResult(f.Events.All<IncidentChanged>(e => e.Incident.Lamps.Contains(onFeeder[0])).LastOrDefault()),
            e => e is not null && onFeeder.All(e.Incident.Lamps.Contains), TimeSpan.FromSeconds(10), "the four silent lamps in one incident");
        Assert.Equal(4, outage!.Incident.Lamps.Count);
        Assert.Contains($"（回路 {feeder}）", outage.Incident.Report.Text);
        Assert.Single(f.Events.All<IncidentChanged>(e => e.Incident.Lamps.Intersect(onFeeder).Any()).Select(e => e.Incident.Id).Distinct());
        var other = await f.Events.WaitFor<IncidentChanged>(e => e.Incident.Lamps.Contains(elsewhere));
        Assert.NotEqual(outage.Incident.Id, other.Incident.Id);
    }

    [Fact]
    public async Task Lit_and_faulty_lamps_roll_up_from_the_neighbourhood_to_the_county()
    {
        var ids = SmallTownship.LampIds;
        foreach (var id in ids.Take(8)) await Lamp(id).ReportTelemetry(Healthy());                 // village v1: lit
        await Lamp(ids[0]).ReportTelemetry(Showing(FaultCode.POLE_TILT));                          // one of them leaning

        var neighbourhood = f.Grains.GetGrain<IGridCellGrain>(CellKeys.Cell(SmallTownship.Id, "v1-g1-n1"));
        var village = f.Grains.GetGrain<IGridCellGrain>(CellKeys.Cell(SmallTownship.Id, "v1"));
        var county = f.Grains.GetGrain<IGridCellGrain>(CellKeys.County(SmallTownship.County));

        var n = await Eventually.Holds(() => neighbourhood.GetSummary(), s => s.Figures.LampsFaulty == 1, what: "neighbourhood faulty");
        Assert.Equal(4, n.Figures.LampsTotal);
        Assert.Equal(4, n.Figures.LampsLit);
        // Roll-ups travel up a level every 100 ms or so: the lit lamps and the fault may arrive in different reports.
        var v = await Eventually.Holds(() => village.GetSummary(), s => s.Figures.LampsLit == 8 && s.Figures.LampsFaulty == 1, what: "village lit and faulty");
        Assert.Equal(8, v.Figures.LampsTotal);
        var c = await Eventually.Holds(() => county.GetSummary(), s => s.Figures.LampsLit >= 8);
        Assert.Equal(CellLevel.County, c.Definition!.Level);
        Assert.True(c.Figures.LampsTotal >= 12, $"county sees {c.Figures.LampsTotal} lamps");
    }

    [Fact]
    public async Task Unknown_lamps_replays_and_impossible_values_are_refused()
    {
        var lamp = await NewLamp();
        var report = Healthy();

        Assert.Equal(TelemetryOutcome.UnknownLamp, await Lamp("nobody-L9999").ReportTelemetry(report));
        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(lamp).ReportTelemetry(report));
        Assert.Equal(TelemetryOutcome.Duplicate, await Lamp(lamp).ReportTelemetry(report)); // sent again: already in
        Assert.Equal(TelemetryOutcome.Stale, await Lamp(lamp).ReportTelemetry(report with { Brightness = 10 })); // a different report, no newer
        Assert.Equal(TelemetryOutcome.Stale, await Lamp(lamp).ReportTelemetry(report with { Timestamp = report.Timestamp.AddSeconds(-1) }));
        Assert.Equal(TelemetryOutcome.OutOfRange, await Lamp(lamp).ReportTelemetry(Healthy() with { Voltage = 9000 }));
        Assert.Equal(TelemetryOutcome.OutOfRange, await Lamp(lamp).ReportTelemetry(Healthy() with { Timestamp = f.Clock.GetUtcNow().AddHours(1) }));
        Assert.Equal(TelemetryOutcome.OutOfRange, await Lamp(lamp).ReportTelemetry(Healthy() with { Brightness = double.NaN }));
    }

    [Fact]
    public async Task A_dimming_command_is_sent_re_sent_when_the_lamp_next_speaks_and_settled_by_its_ack()
    {
        var lamp = await NewLamp();
        await Lamp(lamp).ReportTelemetry(Healthy());

        var sent = (await Lamp(lamp).SetBrightness(50, "command-centre")).Command!;
        var issued = await f.Events.WaitFor<LampCommandIssued>(e => e.Command.CmdId == sent.CmdId);
        Assert.Equal((LampCommandType.SetBrightness, 50, 1), (issued.Command.Type, issued.Command.Brightness, issued.Command.Attempts));

        await Lamp(lamp).ReportTelemetry(Healthy()); // 1 s later: not overdue
        f.Clock.Advance(LampCommandBook.RetryAfter);
        await Lamp(lamp).ReportTelemetry(Healthy());
        var resent = await f.Events.WaitFor<LampCommandIssued>(e => e.Command.CmdId == sent.CmdId && e.Command.Attempts == 2);
        Assert.Equal(50, resent.Command.Brightness);

        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(lamp).CommandAcknowledged(sent.CmdId, ok: true));
        Assert.Equal(TelemetryOutcome.Stale, await Lamp(lamp).CommandAcknowledged(sent.CmdId, ok: true));
        var settled = await f.Events.WaitFor<LampCommandSettled>(e => e.Command.CmdId == sent.CmdId);
        Assert.Equal(LampCommandStatus.Acknowledged, settled.Command.Status);

        f.Clock.Advance(LampCommandBook.RetryAfter);
        await Lamp(lamp).ReportTelemetry(Healthy());
        await Task.Delay(DomainEventNotifier.FlushInterval * 10);
        Assert.Equal(2, f.Events.All<LampCommandIssued>(e => e.Command.CmdId == sent.CmdId).Count);
    }

    [Fact]
    public async Task A_newer_command_supersedes_a_pending_one_and_an_unanswered_one_is_given_up_after_three_attempts()
    {
        var lamp = await NewLamp();
        var first = (await Lamp(lamp).SetProfile([new DimmingStep("18:30", "23:00", 100), new DimmingStep("23:00", "06:00", 40)], "command-centre")).Command!;
        var second = (await Lamp(lamp).SetProfile([new DimmingStep("18:00", "06:00", 60)], "command-centre")).Command!;
        Assert.Equal(LampCommandStatus.Superseded, (await f.Events.WaitFor<LampCommandSettled>(e => e.Command.CmdId == first.CmdId)).Command.Status);

        for (var i = 0; i < LampCommandBook.MaxAttempts; i++)
        {
            f.Clock.Advance(LampCommandBook.RetryAfter);
            await Lamp(lamp).ReportTelemetry(Healthy());
        }

        var failed = await f.Events.WaitFor<LampCommandSettled>(e => e.Command.CmdId == second.CmdId);
        Assert.Equal((LampCommandStatus.Failed, LampCommandBook.MaxAttempts), (failed.Command.Status, failed.Command.Attempts));
    }

    [Fact]
    public async Task Impossible_commands_are_refused_before_anything_is_sent()
    {
        var lamp = await NewLamp();

        Assert.False((await Lamp(lamp).SetBrightness(150, "x")).Ok);
        Assert.False((await Lamp(lamp).SetProfile([new DimmingStep("25:00", "06:00", 50)], "x")).Ok);
        Assert.False((await Lamp(lamp).SetProfile([], "x")).Ok);
        Assert.False((await Lamp("nobody-L0000").SetBrightness(50, "x")).Ok);
        await Task.Delay(DomainEventNotifier.FlushInterval * 10);
        Assert.Empty(f.Events.All<LampCommandIssued>(e => e.Command.LampId == lamp));
    }

    [Fact]
    public async Task Energy_used_is_measured_against_the_full_power_baseline()
    {
        var lamp = await NewLamp();
        var t = Healthy() with { EnergyWh = 1000 };
        await Lamp(lamp).ReportTelemetry(t);
        // Ten minutes dimmed to half: 50 W used against 100 W rated.
        f.Clock.Advance(TimeSpan.FromMinutes(10));
        await Lamp(lamp).ReportTelemetry(t with { Timestamp = f.Clock.GetUtcNow(), Brightness = 50, EnergyWh = 1000 + 50.0 / 6 });

        var snapshot = (await Lamp(lamp).GetSnapshot())!;
        Assert.Equal(100.0 / 6, snapshot.BaselineWh, precision: 6);
        Assert.Equal(50.0 / 6, snapshot.EnergyUsedWh, precision: 6);
    }
}
