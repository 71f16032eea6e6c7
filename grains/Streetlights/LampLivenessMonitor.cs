using System.Collections.Concurrent;
using GridDispatch.Grains.Common;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Notices silent lamps (COMM_LOSS) without a timer per lamp: active lamps note each message here,
/// and one timer per silo scans them all. A scan of 100,000 entries is a fraction of a millisecond.
/// Lamps that never speak are watched by their ids, from their township's lamp list, which every silo asks for once
/// it has started (after this monitor marks when it started watching), and a reminder repeats.
/// </summary>
public sealed class LampLivenessMonitor : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    // A lamp's last-heard instant and whether its silence was reported, packed in one long (see Heard): a value the
    // dictionary can overwrite in place, where a struct value costs a new node on every report, each living until the
    // next one (about the mid-life garbage the GC keeps longest).
    private readonly ConcurrentDictionary<string, long> _lamps = new(StringComparer.Ordinal);
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

    /// <summary>
    /// A configured lamp not active here, watched by its id as silent since this silo started, without activating it:
    /// waking every lamp to watch it is millions of activations at a province's size, each reading its state, in front of
    /// the lamps' own reports. If it stays silent past the limit, the scan's <c>ReportSilence</c> activates it, and the lamp
    /// ignores a silence it has heard past (it may be reporting to another silo). A lamp active here keeps its own entry.
    /// </summary>
    public void WatchUnheard(string lampId) => _lamps.TryAdd(lampId, Heard.Pack(StartedAt, reported: false));

    public void Seen(string lampId, DateTimeOffset at) => _lamps[lampId] = Heard.Pack(at, reported: false);

    /// <summary>A lamp activated on this silo: silent since it was last heard, or since this silo started, whichever is later.</summary>
    public void Watch(string lampId, DateTimeOffset lastSeen) => Seen(lampId, lastSeen > StartedAt ? lastSeen : StartedAt);

    public void Forget(string lampId) => _lamps.TryRemove(lampId, out _);

    /// <summary>Tells each lamp silent past the limit, once per silence.</summary>
    public void Scan()
    {
        var now = _clock.Now;
        foreach (var (lampId, watch) in _lamps)
        {
            if (Heard.Reported(watch) || now - Heard.LastSeen(watch) < _silenceLimit) continue;
            if (!_lamps.TryUpdate(lampId, Heard.Pack(Heard.LastSeen(watch), reported: true), watch)) continue; // a message just arrived
            _ = _grains.GetGrain<IStreetlightGrain>(lampId).ReportSilence(Heard.LastSeen(watch));
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

    /// <summary>Last heard (UTC ticks) shifted left once, the lowest bit set once its silence was reported.</summary>
    private static class Heard
    {
        public static long Pack(DateTimeOffset lastSeen, bool reported) => lastSeen.UtcTicks << 1 | (reported ? 1L : 0L);

        public static DateTimeOffset LastSeen(long packed) => new(packed >> 1, TimeSpan.Zero);

        public static bool Reported(long packed) => (packed & 1) == 1;
    }
}
