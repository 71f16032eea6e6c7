using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>
/// A lamp alarm and its incident are one fact: the lamp dies at each point between "alarm saved" and
/// "incident filed" (a crash point throws there: in the report's call, or in the delivery to the desk that follows
/// its answer), the silo is killed and started again on the same file, and the lamp reports again. Every open alarm
/// then has exactly one incident.
/// </summary>
public sealed class AlarmIncidentCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private CrashCluster _crash = null!;

    public async Task InitializeAsync() => _crash = await CrashCluster.StartAsync(output);

    public async Task DisposeAsync() => await _crash.DisposeAsync();

    private IStreetlightGrain Lamp(string id) => _crash.Grains.GetGrain<IStreetlightGrain>(id);

    private async Task<string> NewLamp(string street, int n)
    {
        var id = $"{SmallTownship.Id}-K{Guid.NewGuid():N}"[..24];
        await Lamp(id).Configure(new LampProfile
        {
            LampId = id, Township = SmallTownship.Id, Cell = "v2-g1-n1", Village = "v2", Lat = 34.3 + n * 0.0002, Lon = 107.1, Street = street,
        });
        return id;
    }

    private LampTelemetry Leaking()
    {
        _crash.Clock.Advance(TimeSpan.FromSeconds(1));
        return new LampTelemetry { Timestamp = _crash.Clock.GetUtcNow(), On = true, Voltage = 221, Current = 0.4, LeakageMa = 60 };
    }

    /// <summary>The open incidents holding <paramref name="lamp"/>'s one open alarm: its own order, or the neighbour's it joined.</summary>
    private async Task<List<string>> Holding(string lamp, string? neighbourOrder)
    {
        var alarm = Assert.Single((await Lamp(lamp).GetSnapshot())!.OpenAlarms);
        var own = IncidentIds.For(SmallTownship.Id, IncidentSource.LampAlarm, alarm.AlarmId);
        var holding = new List<string>();
        foreach (var id in new[] { own, neighbourOrder }.OfType<string>())
            if (await _crash.Grains.GetGrain<IIncidentGrain>(id).Get() is { } incident && incident.Status.IsOpen() && incident.Lamps.Contains(lamp))
                holding.Add(id);
        return holding;
    }

    /// <summary>The lamp's last step of a delivery, once the desk answered, was passed since the points were last recorded.</summary>
    private bool DeskTold()
    {
        lock (_crash.Points.Passed) return _crash.Points.Passed.Contains("lamp.desk-told");
    }

    /// <summary>
    /// The report, then its errand to the desk, which the lamp delivers after answering: until the desk has filed it, or,
    /// with a crash point armed, until the point fired (in the call, or in the lamp's delivery after it).
    /// </summary>
    private async Task ReportUntilFiled(string lamp, string? neighbourOrder, LampTelemetry report)
    {
        var armed = _crash.Points.Armed;
        await Lamp(lamp).ReportTelemetry(report);
        if (armed is not null) await Eventually.TrueAsync(() => _crash.Points.Armed is null, TimeSpan.FromSeconds(20), $"{armed} reached");
        else await Eventually.Holds(() => Holding(lamp, neighbourOrder), h => h.Count > 0, TimeSpan.FromSeconds(20), $"{lamp}'s alarm filed");
    }

    /// <summary>
    /// The lamp answers once its alarm and errand are saved, not once the desk has filed it: a failing desk does not fail the
    /// report (nor hold up the next message on the device's connection). The errand waits in the lamp, and after a kill its
    /// reminder wakes the lamp to deliver it, with no report to wake it.
    /// </summary>
    [Fact]
    public async Task A_report_is_answered_while_the_desk_fails_and_after_a_kill_its_reminder_files_the_work_order()
    {
        var lamp = await NewLamp($"街desk{Guid.NewGuid():N}"[..12], 0);
        _crash.Points.Arm("desk.filed");
        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(lamp).ReportTelemetry(Leaking()));
        await Eventually.TrueAsync(() => _crash.Points.Armed is null, TimeSpan.FromSeconds(10), "the lamp's delivery reached the failing desk");
        var alarm = Assert.Single((await Lamp(lamp).GetSnapshot())!.OpenAlarms);
        var order = _crash.Grains.GetGrain<IIncidentGrain>(IncidentIds.For(SmallTownship.Id, IncidentSource.LampAlarm, alarm.AlarmId));
        Assert.Null(await order.Get());

        await _crash.RestartAsync();
        // Only the incident is read from here on: reading the lamp would wake it.
        order = _crash.Grains.GetGrain<IIncidentGrain>(IncidentIds.For(SmallTownship.Id, IncidentSource.LampAlarm, alarm.AlarmId));
        var filed = await Eventually.Holds(() => order.Get(), i => i is not null, TimeSpan.FromSeconds(30), "the work order filed after the kill");
        Assert.True(filed!.Status.IsOpen());
        Assert.Contains(lamp, filed.Lamps);
    }

    /// <summary>A lamp that opens its own work order (alone on its street), or joins a neighbour's.</summary>
    [Theory, InlineData(false), InlineData(true)]
    public async Task A_crash_between_alarm_and_incident_leaves_every_open_alarm_with_exactly_one_incident(bool joinsNeighbour)
    {
        async Task<(string Lamp, string? Neighbour)> Pair(string tag)
        {
            var street = $"街{tag}{Guid.NewGuid():N}"[..12];
            if (!joinsNeighbour) return (await NewLamp(street, 0), null);
            var neighbour = await NewLamp(street, 0);
            await ReportUntilFiled(neighbour, null, Leaking());
            var order = IncidentIds.For(SmallTownship.Id, IncidentSource.LampAlarm, (await Lamp(neighbour).GetSnapshot())!.OpenAlarms.Single().AlarmId);
            return (await NewLamp(street, 1), order);
        }

        var (probe, probeNeighbour) = await Pair("probe");
        var points = await _crash.PointsPassedBy(async () =>
        {
            await ReportUntilFiled(probe, probeNeighbour, Leaking());
            await Eventually.TrueAsync(DeskTold, TimeSpan.FromSeconds(10), "the delivery done");
        });
        output.WriteLine("points: " + string.Join(", ", points));
        Assert.Contains("lamp.alarm-saved", points);
        Assert.Contains("desk.filed", points);

        var crashed = 0;
        foreach (var point in points)
        {
            var (lamp, neighbourOrder) = await Pair(point);
            var report = Leaking();
            if (!await _crash.CrashAt(point, () => ReportUntilFiled(lamp, neighbourOrder, report))) continue;
            crashed++;
            await _crash.RestartAsync();

            // Sent again if it was not acknowledged (the crash came before the answer); sent again or not, the lamp is woken
            // after a restart (by its next report, or its reminder) and delivers what its outbox kept, to the end.
            var outcome = TelemetryOutcome.OutOfRange;
            await _crash.PointsPassedBy(async () =>
            {
                outcome = await Lamp(lamp).ReportTelemetry(report);
                await Eventually.TrueAsync(DeskTold, TimeSpan.FromSeconds(20), $"crash at {point}: the delivery done after the restart");
            });
            Assert.True(outcome is TelemetryOutcome.Accepted or TelemetryOutcome.Duplicate, $"{point}: {outcome}");
            var holding = await Holding(lamp, neighbourOrder);
            Assert.True(holding.Count == 1, $"crash at {point}: the alarm is on {holding.Count} open incidents ({string.Join(", ", holding)})");
        }

        output.WriteLine($"crashed at {crashed} of {points.Count} points");
        Assert.Equal(points.Count, crashed);
    }
}
