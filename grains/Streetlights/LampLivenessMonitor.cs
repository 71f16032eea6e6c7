using System.Collections.Concurrent;
using GridDispatch.Grains.Common;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Notices silent lamps (COMM_LOSS) without a timer per lamp: active lamps note each message here,
/// and one timer per silo scans them all. A scan of 100,000 entries is a fraction of a millisecond.
/// Lamps that never speak are activated by their township's lamp sweep, which every silo asks for once
/// it has started (after this monitor marks when it started watching), and a reminder repeats.
/// </summary>
public sealed class LampLivenessMonitor : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly ConcurrentDictionary<string, Heard> _lamps = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly DomainClock _clock;
    private readonly TimeSpan _silenceLimit;
    private readonly ITimer _scan;

    public LampLivenessMonitor(IGrainFactory grains, DomainClock clock, IOptions<FaultThresholds> thresholds)
    {
        _grains = grains;
        _clock = clock;
        _silenceLimit = thresholds.Value.CommLossAfter;
        StartedAt = clock.Now;
        ScanEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, thresholds.Value.ReportInterval.Ticks / 4));
        _scan = clock.Time.CreateTimer(_ => Scan(), null, ScanEvery, ScanEvery);
    }

    public TimeSpan ScanEvery { get; }

    /// <summary>When this silo started watching: no silence is counted from before it.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    public int Watched => _lamps.Count;

    public void Seen(string lampId, DateTimeOffset at) => _lamps[lampId] = new Heard(at, Reported: false);

    /// <summary>A lamp activated on this silo: silent since it was last heard, or since this silo started, whichever is later.</summary>
    public void Watch(string lampId, DateTimeOffset lastSeen) => Seen(lampId, lastSeen > StartedAt ? lastSeen : StartedAt);

    public void Forget(string lampId) => _lamps.TryRemove(lampId, out _);

    /// <summary>Tells each lamp silent past the limit, once per silence.</summary>
    public void Scan()
    {
        var now = _clock.Now;
        foreach (var (lampId, watch) in _lamps)
        {
            if (watch.Reported || now - watch.LastSeen < _silenceLimit) continue;
            if (!_lamps.TryUpdate(lampId, watch with { Reported = true }, watch)) continue; // a message just arrived
            _ = _grains.GetGrain<IStreetlightGrain>(lampId).ReportSilence(watch.LastSeen);
        }
    }

    /// <summary>Once the silo is active, silence is counted from now.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LampLivenessMonitor), ServiceLifecycleStage.Active, OnActive, _ => Task.CompletedTask);

    private Task OnActive(CancellationToken cancellationToken)
    {
        StartedAt = _clock.Now;
        return Task.CompletedTask;
    }

    public void Dispose() => _scan.Dispose();

    private readonly record struct Heard(DateTimeOffset LastSeen, bool Reported);
}
