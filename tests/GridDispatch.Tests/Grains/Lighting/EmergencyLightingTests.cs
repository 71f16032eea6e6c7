using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Grains.Lighting;

/// <summary>应急照明 on the virtual-time cluster: an emergency lights its villages at 100 % by group commands, returning to normal restores each lamp's program.</summary>
[Collection(LightingCluster.Name)]
public sealed class EmergencyLightingTests(DomainClusterFixture f)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById(LightingGrain.DefaultTimeZone);
    private static readonly LightingSchedule Usual = new() { Brightness = 100, Steps = [new("22:00", 60), new("05:00", 100)] };

    private IStreetlightGrain Lamp(string id) => f.Grains.GetGrain<IStreetlightGrain>(id);

    [Fact]
    public async Task An_emergency_lights_its_village_at_full_and_normal_times_send_each_lamp_its_program_again()
    {
        var (township, lamps) = await LightingCluster.NewTownship(f);
        var lighting = f.Grains.GetGrain<ILightingGrain>(township);
        var tonight = LightingPlanner.NightOf(f.Clock.GetUtcNow(), China);
        var inV1 = lamps.Where(l => l.Cell.StartsWith("v1", StringComparison.Ordinal)).Select(l => l.Id).ToList(); // eight lamps
        var outside = lamps.Select(l => l.Id).Except(inV1).ToList();
        var offline = inV1[0];
        foreach (var lamp in lamps) await Lamp(lamp.Id).ReportConnection(online: true, f.Clock.GetUtcNow());
        await Lamp(offline).ReportConnection(online: false, f.Clock.GetUtcNow());
        await lighting.SetSchedule(ScheduleScope.Township, Usual, "command-centre");
        Assert.Null(await lighting.SetEmergencySettings(new EmergencyLightingSettings { Scope = EmergencyScope.NamedVillages }, "command-centre"));
        var mode = f.Grains.GetGrain<ITownshipGrain>(township);

        var declared = await mode.SetMode(TownshipMode.Emergency, "应急办", "山洪", ["v1"]);

        Assert.Equal("应急照明 100%: v1", declared.Lighting);
        var lit = (await lighting.GetBook()).EmergencyLit!;
        var command = f.Grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(township, Assert.Single(lit.Commands)));
        var started = (await command.GetProgress())!;
        Assert.Equal((8, 7, 1), (started.Total, started.Sent, started.Pending)); // the offline lamp's part waits for it
        foreach (var lamp in inV1.Skip(1))
        {
            var issued = await f.Events.WaitFor<LampCommandIssued>(e => e.Command.LampId == lamp && e.Command.Group is not null);
            Assert.Equal((LampCommandType.SetBrightness, 100), (issued.Command.Type, issued.Command.Brightness));
            await Lamp(lamp).CommandAcknowledged(issued.Command.CmdId, ok: true);
        }

        foreach (var lamp in inV1) Assert.Null(await Lamp(lamp).GetProgram()); // a manual command: the lamp left its program
        foreach (var lamp in outside) Assert.True(Expected(lamps.Single(l => l.Id == lamp), tonight).SameAs(await Lamp(lamp).GetProgram()), $"{lamp} keeps its program");
        Assert.Empty(f.Events.All<LampCommandIssued>(e => outside.Contains(e.Command.LampId) && e.Command.Group is not null));

        // Noon, lit: the emergency's lamp is lit on purpose; one outside it is burning by day.
        await Lamp(inV1[1]).ReportTelemetry(Report(on: true));
        await Lamp(outside[0]).ReportTelemetry(Report(on: true));
        await f.Events.WaitFor<AlarmRaised>(e => e.Alarm.LampId == outside[0] && e.Alarm.Code == FaultCode.DAY_BURNING);
        Assert.False((await Lamp(inV1[1]).GetSnapshot())!.OpenFaults.Contains(FaultCode.DAY_BURNING));

        // A night's application while the emergency lasts leaves its lamps lit.
        var during = await lighting.Apply();
        Assert.Equal((0, 8, 4), (during.Sent, during.Emergency, during.Unchanged));

        var normal = await mode.SetMode(TownshipMode.Normal, "应急办", "山洪退去");

        Assert.Equal("恢复控制方案: 8 盏重发, 4 盏未变, 0 盏无方案", normal.Lighting);
        Assert.Null((await lighting.GetBook()).EmergencyLit);
        foreach (var lamp in lamps) Assert.True(Expected(lamp, tonight).SameAs(await Lamp(lamp.Id).GetProgram()), $"{lamp.Id} runs its program again");
        Assert.All(outside, lamp => Assert.Single(f.Events.All<LampCommandIssued>(e => e.Command.LampId == lamp))); // sent once, before the emergency
        // The offline lamp's 100 % was withdrawn by its program: reconnecting, it is sent the program, not the emergency's level.
        var settled = await Eventually.Holds(command.Refresh, p => p!.Failed == 1, what: "the held part withdrawn");
        Assert.Equal(7, settled!.Acknowledged);
        await Lamp(offline).ReportConnection(online: true, f.Clock.GetUtcNow());
        Assert.DoesNotContain(f.Events.All<LampCommandIssued>(e => e.Command.LampId == offline), e => e.Command.Type == LampCommandType.SetBrightness);
        // Once more normal: nothing to restore, nothing sent.
        Assert.Null((await mode.SetMode(TownshipMode.Normal, "应急办", null)).Lighting);
    }

    [Fact]
    public async Task Switched_off_an_emergency_lights_nothing_and_a_bad_setting_is_refused()
    {
        var (township, lamps) = await LightingCluster.NewTownship(f);
        var lighting = f.Grains.GetGrain<ILightingGrain>(township);
        Assert.NotNull(await lighting.SetEmergencySettings(new EmergencyLightingSettings { Brightness = 0 }, "x"));
        Assert.Null(await lighting.SetEmergencySettings(new EmergencyLightingSettings { Enabled = false }, "x"));

        var declared = await f.Grains.GetGrain<ITownshipGrain>(township).SetMode(TownshipMode.Emergency, "应急办", "演练");

        Assert.Equal("应急照明未启用", declared.Lighting);
        Assert.Null((await lighting.GetBook()).EmergencyLit);
        Assert.Empty(f.Events.All<LampCommandIssued>(e => lamps.Any(l => l.Id == e.Command.LampId)));
    }

    private static LampProgram Expected(Lamp lamp, DateOnly night) =>
        LightingPlanner.Night(Usual, lamp.Position.Lat, lamp.Position.Lon, China, night)!.ToProgram(LightingGrain.DefaultTimeZone, null, "township");

    private LampTelemetry Report(bool on) => new()
    {
        Timestamp = f.Clock.GetUtcNow(), On = on, Brightness = on ? 100 : 0, Voltage = 220, Current = on ? 0.4 : 0, Power = on ? 88 : 0, Lux = 30_000,
    };
}
