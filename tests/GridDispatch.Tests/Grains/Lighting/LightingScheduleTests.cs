using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Grains.Lighting;

/// <summary>
/// Schedules on a real in-process cluster in virtual time: each test imports its own small township at
/// 会理 (two villages, twelve lamps), moves the clock on to the next local noon and sets schedules.
/// </summary>
[Collection(LightingCluster.Name)]
public sealed class LightingScheduleTests(DomainClusterFixture f)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById(LightingGrain.DefaultTimeZone);

    private static readonly LightingSchedule Usual = new() { Brightness = 100, Steps = [new("22:00", 60), new("05:00", 100)] };

    private IStreetlightGrain Lamp(string id) => f.Grains.GetGrain<IStreetlightGrain>(id);

    private async Task<(ILightingGrain Lighting, IReadOnlyList<Lamp> Lamps, DateOnly Tonight)> NewTownship()
    {
        var (id, lamps) = await LightingCluster.NewTownship(f);
        return (f.Grains.GetGrain<ILightingGrain>(id), lamps, LightingPlanner.NightOf(f.Clock.GetUtcNow(), China));
    }

    private static LampProgram Expected(LightingSchedule schedule, Lamp lamp, DateOnly night, string source) =>
        LightingPlanner.Night(schedule, lamp.Position.Lat, lamp.Position.Lon, China, night)!.ToProgram(LightingGrain.DefaultTimeZone, null, source);

    [Fact]
    public async Task The_townships_schedule_reaches_every_lamp_as_a_program_it_runs_itself_and_is_not_sent_twice()
    {
        var (lighting, lamps, tonight) = await NewTownship();

        var applied = await lighting.SetSchedule(ScheduleScope.Township, Usual, "command-centre");

        Assert.Null(applied.Error);
        Assert.Equal((12, 0, 0), (applied.Sent, applied.Unchanged, applied.Unscheduled));
        foreach (var lamp in lamps)
        {
            var program = await Lamp(lamp.Id).GetProgram();
            Assert.True(Expected(Usual, lamp, tonight, "township").SameAs(program), $"{lamp.Id} runs {string.Join(", ", program?.Steps ?? [])}");
        }

        // Over MQTT as a profile command: dusk to 22:00 at 100 %, 60 % to 05:00, 100 % to dawn, then off.
        var issued = await f.Events.WaitFor<LampCommandIssued>(e => e.Command.LampId == lamps[0].Id);
        Assert.Equal((LampCommandType.SetProfile, LightingGrain.Sender), (issued.Command.Type, issued.Command.IssuedBy));
        Assert.Equal(new[] { 100, 60, 100, 0 }, issued.Command.Profile.Select(s => s.Brightness));
        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(lamps[0].Id).CommandAcknowledged(issued.Command.CmdId, ok: true));

        // The acknowledged lamp and the pending ones (the command book re-sends those) are not sent it again.
        var again = await lighting.Apply();
        Assert.Equal((0, 12), (again.Sent, again.Unchanged));
        Assert.Single(f.Events.All<LampCommandIssued>(e => e.Command.LampId == lamps[0].Id));
        var book = await lighting.GetBook();
        Assert.Equal((tonight, LightingGrain.DefaultTimeZone), (book.AppliedNight, book.TimeZone));
        Assert.Equal(ScheduleScope.Township, Assert.Single(book.Schedules).Scope);
    }

    [Fact]
    public async Task A_village_override_wins_over_the_townships_schedule_until_it_is_removed()
    {
        var (lighting, lamps, tonight) = await NewTownship();
        var village = Usual with { Brightness = 80, Steps = [new("23:00", 30)], OnOffsetMinutes = 20 };
        await lighting.SetSchedule(ScheduleScope.Township, Usual, "command-centre");

        var applied = await lighting.SetSchedule(new ScheduleScope(ScopeKind.Village, "v2"), village, "command-centre");

        Assert.Equal((4, 8), (applied.Sent, applied.Unchanged)); // v2 has four lamps
        foreach (var lamp in lamps)
        {
            var inV2 = lamp.Cell.StartsWith("v2", StringComparison.Ordinal);
            var expected = inV2 ? Expected(village, lamp, tonight, "village:v2") : Expected(Usual, lamp, tonight, "township");
            var program = (await Lamp(lamp.Id).GetProgram())!;
            Assert.True(expected.SameAs(program), $"{lamp.Id} runs {string.Join(", ", program.Steps)}");
            Assert.Equal(inV2 ? "village:v2" : "township", program.Source);
        }

        var removed = await lighting.RemoveSchedule(new ScheduleScope(ScopeKind.Village, "v2"), "command-centre");
        Assert.Equal((4, 8), (removed.Sent, removed.Unchanged));
        Assert.Equal("township", (await Lamp(lamps[^1].Id).GetProgram())!.Source);
        Assert.NotNull((await lighting.RemoveSchedule(new ScheduleScope(ScopeKind.Village, "v2"), "command-centre")).Error);
    }

    [Fact]
    public async Task A_calendar_exception_applies_on_its_night_and_a_lamps_own_schedule_wins_over_all()
    {
        var (lighting, lamps, tonight) = await NewTownship();
        var festival = Usual with { Exceptions = [new CalendarException { Name = "火把节", Date = tonight, Brightness = 100 }] };

        await lighting.SetSchedule(ScheduleScope.Township, festival, "command-centre");
        await lighting.SetSchedule(new ScheduleScope(ScopeKind.Lamp, lamps[0].Id), Usual with { Brightness = 50, Steps = [] }, "command-centre");

        var program = (await Lamp(lamps[1].Id).GetProgram())!;
        Assert.Equal("township 火把节", program.Source);
        Assert.Equal(new[] { 100, 0 }, program.Steps.Select(s => s.Brightness)); // all night at 100 %, no dimming
        var own = (await Lamp(lamps[0].Id).GetProgram())!;
        Assert.Equal($"lamp:{lamps[0].Id}", own.Source);
        Assert.Equal(new[] { 50, 0 }, own.Steps.Select(s => s.Brightness));
        Assert.NotNull((await lighting.SetSchedule(new ScheduleScope(ScopeKind.Street, ""), Usual, "x")).Error);
        Assert.NotNull((await lighting.SetTimeZone("Mars/Olympus_Mons", "x")).Error);
    }

    [Fact]
    public async Task Day_burning_and_lamp_out_are_judged_against_the_schedule_not_the_light_sensor()
    {
        var (lighting, lamps, tonight) = await NewTownship();
        await lighting.SetSchedule(ScheduleScope.Township, Usual, "command-centre");
        var (dayBurner, dark, brightSensor) = (lamps[0].Id, lamps[1].Id, lamps[2].Id);
        var plan = LightingPlanner.Night(Usual, lamps[0].Position.Lat, lamps[0].Position.Lon, China, tonight)!;

        // An hour after tonight's switch-on: one lamp dark (LAMP_OUT), one lit under a sensor that reads daylight (no fault).
        f.Clock.SetUtcNow(plan.On.AddHours(1));
        await Lamp(dark).ReportTelemetry(Report(on: false, lux: 2));
        await Lamp(brightSensor).ReportTelemetry(Report(on: true, lux: 30_000));
        Assert.Equal(FaultCode.LAMP_OUT, (await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == dark && e.Alarm.Code != FaultCode.COMM_LOSS)).Alarm.Code);
        Assert.False((await Lamp(brightSensor).GetSnapshot())!.OpenFaults.Contains(FaultCode.DAY_BURNING));

        // An hour after tomorrow's switch-off: lit under a sensor that reads night (DAY_BURNING all the same).
        f.Clock.SetUtcNow(plan.Off.AddHours(1));
        await Lamp(dayBurner).ReportTelemetry(Report(on: true, lux: 2));
        Assert.Equal(FaultCode.DAY_BURNING, (await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == dayBurner && e.Alarm.Code != FaultCode.COMM_LOSS)).Alarm.Code);

        // Within the grace of a switch neither is judged: dark five minutes after switch-on is no LAMP_OUT.
        var next = LightingPlanner.Night(Usual, lamps[3].Position.Lat, lamps[3].Position.Lon, China, tonight.AddDays(1))!;
        f.Clock.SetUtcNow(next.On.AddMinutes(5));
        await Lamp(lamps[3].Id).ReportTelemetry(Report(on: false, lux: 2));
        Assert.False((await Lamp(lamps[3].Id).GetSnapshot())!.OpenFaults.Contains(FaultCode.LAMP_OUT));
    }

    private LampTelemetry Report(bool on, double lux) => new()
    {
        Timestamp = f.Clock.GetUtcNow(), On = on, Brightness = on ? 100 : 0, Voltage = 220, Current = on ? 0.4 : 0, Power = on ? 88 : 0, Lux = lux,
    };
}
