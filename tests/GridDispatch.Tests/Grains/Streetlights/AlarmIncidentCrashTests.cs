using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>
/// A lamp alarm and its incident are one fact: the call dies at each point between "alarm saved" and
/// "incident filed" (a crash point throws there), the silo is killed and started again on the same file,
/// and the lamp sends its unacknowledged report again. Every open alarm then has exactly one incident.
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

    /// <summary>A lamp that opens its own work order (alone on its street), or joins a neighbour's.</summary>
    [Theory, InlineData(false), InlineData(true)]
    public async Task A_crash_between_alarm_and_incident_leaves_every_open_alarm_with_exactly_one_incident(bool joinsNeighbour)
    {
        async Task<(string Lamp, string? Neighbour)> Pair(string tag)
        {
            var street = $"街{tag}{Guid.NewGuid():N}"[..12];
            if (!joinsNeighbour) return (await NewLamp(street, 0), null);
            var neighbour = await NewLamp(street, 0);
            await Lamp(neighbour).ReportTelemetry(Leaking());
            var order = IncidentIds.For(SmallTownship.Id, IncidentSource.LampAlarm, (await Lamp(neighbour).GetSnapshot())!.OpenAlarms.Single().AlarmId);
            return (await NewLamp(street, 1), order);
        }

        var (probe, _) = await Pair("probe");
        var points = await _crash.PointsPassedBy(() => Lamp(probe).ReportTelemetry(Leaking()));
        output.WriteLine("points: " + string.Join(", ", points));
        Assert.Contains("lamp.alarm-saved", points);

        var crashed = 0;
        foreach (var point in points)
        {
            var (lamp, neighbourOrder) = await Pair(point);
            var report = Leaking();
            if (!await _crash.CrashAt(point, () => Lamp(lamp).ReportTelemetry(report))) continue;
            crashed++;
            await _crash.RestartAsync();

            // Not acknowledged, so the lamp sends the same report again.
            var outcome = await Lamp(lamp).ReportTelemetry(report);
            Assert.True(outcome is TelemetryOutcome.Accepted or TelemetryOutcome.Duplicate, $"{point}: {outcome}");
            var alarm = Assert.Single((await Lamp(lamp).GetSnapshot())!.OpenAlarms);
            var own = IncidentIds.For(SmallTownship.Id, IncidentSource.LampAlarm, alarm.AlarmId);
            var holding = new List<string>();
            foreach (var id in new[] { own, neighbourOrder }.OfType<string>())
                if (await _crash.Grains.GetGrain<IIncidentGrain>(id).Get() is { } incident && incident.Status.IsOpen() && incident.Lamps.Contains(lamp))
                    holding.Add(id);
            Assert.True(holding.Count == 1, $"crash at {point}: the alarm is on {holding.Count} open incidents ({string.Join(", ", holding)})");
        }

        output.WriteLine($"crashed at {crashed} of {points.Count} points");
        Assert.Equal(points.Count, crashed);
    }
}
