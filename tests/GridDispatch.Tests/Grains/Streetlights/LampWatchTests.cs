using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>
/// A lamp that dies while the platform is down is still alarmed: after a restart nothing calls it, yet the
/// township's sweep has every configured lamp watched by its id (none is activated for it), and one that never
/// reports again gets COMM_LOSS within three report intervals of ready (virtual time; the check reads the cell,
/// never the lamp itself, since calling the lamp would activate it).
/// </summary>
public sealed class LampWatchTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly FaultThresholds Limits = new();
    private CrashCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await CrashCluster.StartAsync(output, silos => silos.With("Streetlights:Faults:WatchSweepEvery", "00:00:01"));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private LampLivenessMonitor Monitor => _cluster.Liveness;

    [Fact]
    public async Task A_lamp_silent_from_a_restart_on_gets_COMM_LOSS_within_three_intervals_of_ready()
    {
        var lamp = SmallTownship.LampIds[0];
        _cluster.Clock.Advance(TimeSpan.FromSeconds(5));
        var report = new LampTelemetry { Timestamp = _cluster.Clock.GetUtcNow(), On = true, Voltage = 221, Current = 0.4 };
        Assert.Equal(TelemetryOutcome.Accepted, await _cluster.Grains.GetGrain<IStreetlightGrain>(lamp).ReportTelemetry(report));

        await _cluster.RestartAsync(); // ready: and the lamp never reports again
        await Eventually.TrueAsync(() => Monitor.Watched >= SmallTownship.LampIds.Count, TimeSpan.FromSeconds(20), "every configured lamp watched");
        // Watched by id, none woken for it (the reminder runs every second here: a few of its rounds have passed too).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await _cluster.StreetlightActivationsAsync());

        var step = Monitor.ScanEvery;
        for (var waited = TimeSpan.Zero; waited < Limits.CommLossAfter; waited += step) _cluster.Clock.Advance(step);
        var cell = _cluster.Grains.GetGrain<IGridCellGrain>(CellKeys.Cell(SmallTownship.Id, "v1-g1-n1"));
        await Eventually.Holds(cell.GetContributions, c => c.TryGetValue("lamp:" + lamp, out var f) && f.LampsOffline == 1,
            TimeSpan.FromSeconds(10), $"{lamp} offline (COMM_LOSS) three intervals after ready");
    }
}
