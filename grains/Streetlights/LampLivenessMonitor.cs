using System.Collections.Concurrent;
using GridDispatch.Grains.Common;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Notices silent lamps (COMM_LOSS) without a timer per lamp: active lamps note each message here,
/// and one timer per silo scans them all. A scan of 100,000 entries is a fraction of a millisecond.
/// Lamps that never speak are activated by their township's lamp sweep, which every silo asks for once
/// it has started and the lamps have had <see cref="SettleFor"/> to speak, and a reminder repeats.
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
        SettleFor = TimeSpan.FromTicks(Math.Min(thresholds.Value.ReportInterval.Ticks, _silenceLimit.Ticks / 2));
        _scan = clock.Time.CreateTimer(_ => Scan(), null, ScanEvery, ScanEvery);
    }

    public TimeSpan ScanEvery { get; }

    /// <summary>When this silo started watching: no silence is counted from before it.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>
    /// How long after start the townships' sweeps leave lamps alone. A live lamp reports within one interval and its
    /// report activates it; waking every configured lamp at once instead (at a province's size, millions of
    /// activations, each reading its state) crowds out the reports themselves. No silence is noticed later for it:
    /// silence counts from the start either way, and the limit is longer than this.
    /// </summary>
    public TimeSpan SettleFor { get; }

    /// <summary>Within <see cref="SettleFor"/> of the start: the lamps that are alive are still saying so.</summary>
    public bool Settling => _clock.Now - StartedAt < SettleFor;

    public int Watched => _lamps.Count;

    /// <summary>Whether <paramref name="lampId"/> is active on this silo (watched from its activation until its deactivation).</summary>
    public bool IsWatched(string lampId) => _lamps.ContainsKey(lampId);

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
