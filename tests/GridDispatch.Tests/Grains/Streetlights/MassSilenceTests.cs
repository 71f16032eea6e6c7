using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>
/// Most of the fleet silent at once is one outage, not an alarm per lamp: after a restart no lamp of the small township
/// reports (as when the platform is behind on its lamps, or their backhaul is down), so at COMM_LOSS's limit all twelve are
/// due at once. Their COMM_LOSS is held (none is activated to raise it); lamps heard again leave the outage, and once fewer
/// than the minimum are still silent, those get COMM_LOSS one by one. The township counts its share of the outage for the
/// screen. Virtual time; here the minimum is four lamps and half.
/// </summary>
public sealed class MassSilenceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly FaultThresholds Limits = new();
    private CrashCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await CrashCluster.StartAsync(output, silos => silos
            .With("Streetlights:Faults:WatchSweepEvery", "00:00:01")
            .With("Streetlights:Faults:MassSilenceMinLamps", "4")
            .With("Streetlights:Faults:MassSilenceShare", "0.5"));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private LampLivenessMonitor Monitor => _cluster.Liveness;

    [Fact]
    public async Task A_mass_silence_holds_COMM_LOSS_until_fewer_than_the_minimum_are_silent_and_then_tells_those()
    {
        var lamps = SmallTownship.LampIds;
        await _cluster.RestartAsync(); // every configured lamp watched by its id, silent since ready
        await Eventually.TrueAsync(() => Monitor.Watched >= lamps.Count, TimeSpan.FromSeconds(20), "every configured lamp watched");

        PastTheLimit();
        await Eventually.TrueAsync(() => Monitor.MassSilenceSince is not null, TimeSpan.FromSeconds(10), "a mass silence begun");
        Assert.Equal(lamps.Count, Monitor.Held);
        // The township counts its share at its next sweep (every second here): what the screen shows instead of twelve alarms.
        var township = _cluster.Grains.GetGrain<ITownshipLampsGrain>(SmallTownship.Id);
        var silence = await Eventually.Holds(township.GetSilence, s => s.Held == lamps.Count, TimeSpan.FromSeconds(10), "the township's share of the outage");
        Assert.Equal((lamps.Count, Monitor.MassSilenceSince), (silence.Lamps, silence.Since));
        PastTheLimit(); // later scans keep holding it
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _cluster.StreetlightActivationsAsync()); // no lamp woken to raise its COMM_LOSS
        Assert.Equal(lamps.Count, Monitor.Held);

        // Nine come back (lamps 0-8); three of v2-g1-n1 (9-11) stay silent: fewer than four, so the outage ends and they are told.
        foreach (var lamp in lamps.Take(9))
        {
            var report = new LampTelemetry { Timestamp = _cluster.Clock.GetUtcNow(), On = true, Voltage = 221, Current = 0.4 };
            Assert.Equal(TelemetryOutcome.Accepted, await _cluster.Grains.GetGrain<IStreetlightGrain>(lamp).ReportTelemetry(report));
        }
        _cluster.Clock.Advance(Monitor.ScanEvery);
        await Eventually.TrueAsync(() => Monitor.MassSilenceSince is null, TimeSpan.FromSeconds(10), "the mass silence over");
        Assert.Equal(0, Monitor.Held);
        await Eventually.Holds(township.GetSilence, s => s == TownshipSilence.None, TimeSpan.FromSeconds(10), "the township's outage over");

        var cell = _cluster.Grains.GetGrain<IGridCellGrain>(CellKeys.Cell(SmallTownship.Id, "v2-g1-n1"));
        await Eventually.Holds(cell.GetContributions, c => lamps.Skip(9).All(l => c.TryGetValue("lamp:" + l, out var f) && f.LampsOffline == 1),
            TimeSpan.FromSeconds(10), "the three still silent get COMM_LOSS");
        var contributions = await cell.GetContributions();
        Assert.Equal(0, contributions["lamp:" + lamps[8]].LampsOffline); // the one heard again in that cell is online
    }

    [Fact]
    public async Task Lamps_falling_silent_together_reach_the_limit_at_their_own_times_and_are_still_one_outage()
    {
        // Each lamp reports at its own moment of the interval (5 s apart), then all stop: they reach the limit three or four
        // per scan, never four at once, yet the outage is seen when the first is due, and none of them is alarmed.
        var lamps = SmallTownship.LampIds;
        await _cluster.RestartAsync();
        await Eventually.TrueAsync(() => Monitor.Watched >= lamps.Count, TimeSpan.FromSeconds(20), "every configured lamp watched");
        foreach (var lamp in lamps)
        {
            _cluster.Clock.Advance(TimeSpan.FromSeconds(5));
            var report = new LampTelemetry { Timestamp = _cluster.Clock.GetUtcNow(), On = true, Voltage = 221, Current = 0.4 };
            Assert.Equal(TelemetryOutcome.Accepted, await _cluster.Grains.GetGrain<IStreetlightGrain>(lamp).ReportTelemetry(report));
        }

        for (var scans = 0; Monitor.MassSilenceSince is null && scans < 30; scans++) _cluster.Clock.Advance(Monitor.ScanEvery);
        Assert.NotNull(Monitor.MassSilenceSince);
        Assert.InRange(Monitor.Held, 1, 3); // begun with the first lamps due, before most were
        for (var waited = TimeSpan.Zero; waited < Limits.ReportInterval; waited += Monitor.ScanEvery) _cluster.Clock.Advance(Monitor.ScanEvery);
        Assert.Equal(lamps.Count, Monitor.Held);
        foreach (var lamp in lamps) Assert.Empty((await _cluster.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot())!.OpenAlarms);
    }

    private void PastTheLimit()
    {
        var step = Monitor.ScanEvery;
        for (var waited = TimeSpan.Zero; waited < Limits.CommLossAfter; waited += step) _cluster.Clock.Advance(step);
    }
}
