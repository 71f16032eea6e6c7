using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>
/// Plain telemetry is acknowledged once applied and saved lazily (at most every 5 minutes), so a kill loses
/// the last minutes of it from the lamp's state. A lamp that then sends again what was acknowledged but not
/// saved (a store-and-forward lamp replaying its buffer) must not have anything counted twice: energy and
/// its baseline come out as for a twin lamp that never saw a crash.
/// </summary>
public sealed class TelemetryReplayTests(ITestOutputHelper output) : IAsyncLifetime
{
    private CrashCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await CrashCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IStreetlightGrain Lamp(string id) => _cluster.Grains.GetGrain<IStreetlightGrain>(id);

    private async Task<string> NewLamp()
    {
        var id = $"{SmallTownship.Id}-E{Guid.NewGuid():N}"[..24];
        await Lamp(id).Configure(new LampProfile { LampId = id, Township = SmallTownship.Id, Cell = "v2-g1-n1", Village = "v2", Lat = 34.3, Lon = 107.1, RatedWatts = 100 });
        return id;
    }

    [Theory, InlineData(true), InlineData(false)]
    public async Task Reports_acknowledged_before_a_kill_and_sent_again_after_it_are_counted_once(bool meter)
    {
        var start = _cluster.Clock.GetUtcNow();
        // A report a minute, lit at 60 W: with a cumulative meter (1 Wh a minute), or power only.
        LampTelemetry Report(int i) => new()
        {
            Timestamp = start + TimeSpan.FromMinutes(i), On = true, Brightness = 60, Voltage = 220, Current = 0.3, Power = 60,
            EnergyWh = meter ? 1000 + i : null,
        };

        Task<TelemetryOutcome> Send(string lamp, int i)
        {
            if (_cluster.Clock.GetUtcNow() < start + TimeSpan.FromMinutes(i)) _cluster.Clock.SetUtcNow(start + TimeSpan.FromMinutes(i));
            return Lamp(lamp).ReportTelemetry(Report(i));
        }

        var crashed = await NewLamp();
        var twin = await NewLamp();
        for (var i = 1; i <= 12; i++) Assert.Equal(TelemetryOutcome.Accepted, await Send(crashed, i));
        await _cluster.RestartAsync();

        // The last saved report was number 7 (saved 6 minutes after number 1); 8–12 were acknowledged from memory.
        var replayed = new List<TelemetryOutcome>();
        for (var i = 3; i <= 20; i++) replayed.Add(await Send(crashed, i));
        for (var i = 1; i <= 20; i++) Assert.Equal(TelemetryOutcome.Accepted, await Send(twin, i));
        output.WriteLine("replayed: " + string.Join(", ", replayed));

        var (a, b) = ((await Lamp(crashed).GetSnapshot())!, (await Lamp(twin).GetSnapshot())!);
        output.WriteLine($"crashed {a.EnergyUsedWh:0.###} / {a.BaselineWh:0.###} Wh, twin {b.EnergyUsedWh:0.###} / {b.BaselineWh:0.###} Wh");
        Assert.Equal(b.EnergyUsedWh, a.EnergyUsedWh, 6);
        Assert.Equal(b.BaselineWh, a.BaselineWh, 6);
        Assert.Equal(19.0, b.EnergyUsedWh, 6); // 19 one-minute intervals at 60 W
        Assert.DoesNotContain(TelemetryOutcome.OutOfRange, replayed);
        Assert.Contains(TelemetryOutcome.Stale, replayed); // what was saved is not taken again
    }
}
