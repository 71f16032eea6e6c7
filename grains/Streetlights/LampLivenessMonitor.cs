using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GridDispatch.Grains.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Notices silent lamps (COMM_LOSS) without a timer per lamp: active lamps note each message here,
/// and one timer per silo scans them all. A scan of 100,000 entries is a fraction of a millisecond.
/// Lamps that never speak are watched by their ids, from their township's lamp list, which every silo asks for once
/// it has started (after this monitor marks when it started watching), and a reminder repeats.
/// A mass silence (<see cref="FaultThresholds.MassSilenceMinLamps"/>) is held as one outage, logged and counted, instead of
/// a COMM_LOSS alarm per lamp: a million alarms would bury the screen and, each activating its lamp, stop the silo.
/// </summary>
public sealed partial class LampLivenessMonitor : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    // A lamp's last-heard instant and whether its silence was reported, packed in one long (see Heard): a value the
    // dictionary can overwrite in place, where a struct value costs a new node on every report, each living until the
    // next one (about the mid-life garbage the GC keeps longest).
    private readonly ConcurrentDictionary<string, long> _lamps = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly DomainClock _clock;
    private readonly TimeSpan _silenceLimit;
    // Falling silent: missed the better part of two reports. Lamps report at their own moments within an interval, so an
    // outage that silences them all at once brings them to the limit over one interval: counting those silent for the
    // limit less an interval sees the whole outage when its first lamp is due. Never less than 1.5 intervals, which a
    // lamp reporting on time never reaches.
    private readonly TimeSpan _fallingAfter;
    private readonly int _massMinLamps;
    private readonly double _massShare;
    private readonly ILogger<LampLivenessMonitor> _logger;
    private readonly Meter _meter = new("GridDispatch.Streetlights");
    private readonly Counter<long> _massSilences;
    private readonly ITimer _scan;

    public LampLivenessMonitor(IGrainFactory grains, DomainClock clock, IOptions<FaultThresholds> thresholds, ILogger<LampLivenessMonitor> logger)
    {
        _grains = grains;
        _clock = clock;
        _logger = logger;
        _silenceLimit = thresholds.Value.CommLossAfter;
        var interval = thresholds.Value.ReportInterval;
        _fallingAfter = TimeSpan.FromTicks(Math.Min(_silenceLimit.Ticks, Math.Max(_silenceLimit.Ticks - interval.Ticks, interval.Ticks * 3 / 2)));
        _massMinLamps = thresholds.Value.MassSilenceMinLamps;
        _massShare = thresholds.Value.MassSilenceShare;
        _massSilences = _meter.CreateCounter<long>("griddispatch.liveness.mass_silences", "{outage}", "Mass silences begun: many lamps silent at once, their COMM_LOSS held as one outage");
        _meter.CreateObservableGauge("griddispatch.liveness.silence_held", () => Held, "{lamp}", "Lamps silent past COMM_LOSS's limit whose alarm a mass silence holds");
        StartedAt = clock.Now;
        ScanEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, thresholds.Value.ReportInterval.Ticks / 4));
        _scan = clock.Time.CreateTimer(_ => Scan(), null, ScanEvery, ScanEvery);
    }

    public TimeSpan ScanEvery { get; }

    /// <summary>When this silo started watching: no silence is counted from before it.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    public int Watched => _lamps.Count;

    /// <summary>Since when a mass silence holds COMM_LOSS, if one does.</summary>
    public DateTimeOffset? MassSilenceSince { get; private set; }

    /// <summary>Lamps silent past the limit, at the last scan, whose COMM_LOSS the mass silence holds.</summary>
    public int Held { get; private set; }

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

    /// <summary>Whether a mass silence holds this lamp's COMM_LOSS: a township counts its own for the screen.</summary>
    public bool IsHeld(string lampId) =>
        MassSilenceSince is not null && _lamps.TryGetValue(lampId, out var watch) && IsDue(watch, _clock.Now);

    public void Forget(string lampId) => _lamps.TryRemove(lampId, out _);

    /// <summary>Tells each lamp silent past the limit, once per silence, unless a mass silence holds them all.</summary>
    public void Scan()
    {
        var now = _clock.Now;
        if (HoldsMassSilence(now, out var due) || due == 0) return; // the count pass found nothing to tell: no second pass
        foreach (var (lampId, watch) in _lamps)
        {
            if (!IsDue(watch, now)) continue;
            if (!_lamps.TryUpdate(lampId, Heard.Pack(Heard.LastSeen(watch), reported: true), watch)) continue; // a message just arrived
            _ = _grains.GetGrain<IStreetlightGrain>(lampId).ReportSilence(Heard.LastSeen(watch));
        }
    }

    private bool IsDue(long watch, DateTimeOffset now) => !Heard.Reported(watch) && now - Heard.LastSeen(watch) >= _silenceLimit;

    /// <summary>
    /// Begins a mass silence when a lamp reaches the limit while enough lamps are falling silent, and ends it once fewer than
    /// the minimum are: lamps heard again (the outage over, or the silo caught up) leave it, and those still silent are told one by one.
    /// A lamp that truly fails during the outage is told when it ends, with its silence counted from when it was last heard.
    /// </summary>
    private bool HoldsMassSilence(DateTimeOffset now, out int due)
    {
        (due, var falling) = (0, 0);
        foreach (var (_, watch) in _lamps)
        {
            if (Heard.Reported(watch)) continue;
            var silent = now - Heard.LastSeen(watch);
            if (silent >= _fallingAfter) falling++;
            if (silent >= _silenceLimit) due++;
        }

        if (MassSilenceSince is null && due > 0 && falling >= _massMinLamps && falling >= _massShare * _lamps.Count)
        {
            MassSilenceSince = now;
            _massSilences.Add(1);
            LogMassSilenceBegan(falling, _lamps.Count, _massMinLamps);
        }
        else if (MassSilenceSince is { } since && falling < _massMinLamps)
        {
            MassSilenceSince = null;
            LogMassSilenceEnded(now - since, due);
        }
        Held = MassSilenceSince is null ? 0 : due;
        return MassSilenceSince is not null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mass silence: {Silent} of {Watched} lamps watched here fell silent together (missed two reports or more); their COMM_LOSS is held as one outage until fewer than {Min} are falling silent (a backhaul or broker outage, or a silo catching up after a restart)")]
    private partial void LogMassSilenceBegan(int silent, int watched, int min);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mass silence over after {Duration}; the {Silent} lamps still silent get COMM_LOSS one by one")]
    private partial void LogMassSilenceEnded(TimeSpan duration, int silent);

    /// <summary>Once the silo is active, silence is counted from now.</summary>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LampLivenessMonitor), ServiceLifecycleStage.Active, OnActive, _ => Task.CompletedTask);

    private Task OnActive(CancellationToken cancellationToken)
    {
        StartedAt = _clock.Now;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _scan.Dispose();
        _meter.Dispose();
    }

    /// <summary>Last heard (UTC ticks) shifted left once, the lowest bit set once its silence was reported.</summary>
    private static class Heard
    {
        public static long Pack(DateTimeOffset lastSeen, bool reported) => lastSeen.UtcTicks << 1 | (reported ? 1L : 0L);

        public static DateTimeOffset LastSeen(long packed) => new(packed >> 1, TimeSpan.Zero);

        public static bool Reported(long packed) => (packed & 1) == 1;
    }
}
