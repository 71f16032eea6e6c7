using System.Collections.Concurrent;
using GridDispatch.Grains.Common;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Notices silent lamps (COMM_LOSS) without a timer per lamp: active lamps note each message here,
/// and one timer per silo scans them all. A scan of 100,000 entries is a fraction of a millisecond.
/// </summary>
public sealed class LampLivenessMonitor : IDisposable
{
    private readonly ConcurrentDictionary<string, Watch> _lamps = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly DomainClock _clock;
    private readonly TimeSpan _silenceLimit;
    private readonly ITimer _scan;

    public LampLivenessMonitor(IGrainFactory grains, DomainClock clock, IOptions<FaultThresholds> thresholds)
    {
        _grains = grains;
        _clock = clock;
        _silenceLimit = thresholds.Value.CommLossAfter;
        ScanEvery = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, thresholds.Value.ReportInterval.Ticks / 4));
        _scan = clock.Time.CreateTimer(_ => Scan(), null, ScanEvery, ScanEvery);
    }

    public TimeSpan ScanEvery { get; }

    public int Watched => _lamps.Count;

    public void Seen(string lampId, DateTimeOffset at) => _lamps[lampId] = new Watch(at, Reported: false);

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

    public void Dispose() => _scan.Dispose();

    private readonly record struct Watch(DateTimeOffset LastSeen, bool Reported);
}
