using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Every ingested message is counted by kind, every refused message by reason (<c>griddispatch_mqtt_dropped_total{reason=…}</c>) and
/// logged at most once per source per minute, so a broken or hostile device cannot flood the log, and at most
/// <see cref="LinesPerMinute"/> lines a minute in all, so neither can thousands of lamps refused at once (reports reordered
/// over several telemetry sessions under overload logged 12,000 lines in a minute): the counter has every one.
/// </summary>
public sealed partial class IngestionDrops(ILogger<IngestionDrops> logger, TimeProvider time)
{
    private static readonly Meter Meter = new("GridDispatch.Mqtt");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("griddispatch.mqtt.dropped", "{message}", "Messages refused, by reason");
    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>("griddispatch.mqtt.accepted", "{message}", "Messages ingested, by topic kind");
    private static readonly Dictionary<TopicKind, KeyValuePair<string, object?>> KindTags =
        Enum.GetValues<TopicKind>().ToDictionary(k => k, k => new KeyValuePair<string, object?>("kind", k.ToString().ToLowerInvariant()));
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    public const int LinesPerMinute = 60;
    private long _minute = -1;
    private int _lines;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastLogged = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public long Count(string reason) => _counts.GetValueOrDefault(reason);

    public long Total => _counts.Values.Sum();

    /// <summary>Counted by kind (<c>griddispatch_mqtt_accepted_total{kind="telemetry"|"event"|…}</c>), so events can be told from telemetry.</summary>
    public void Accept(TopicKind kind) => Accepted.Add(1, KindTags[kind]);

    public void Drop(string reason, string source, string topic, string? detail = null)
    {
        Dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _counts.AddOrUpdate(reason, 1, (_, n) => n + 1);
        var now = time.GetUtcNow();
        var last = _lastLogged.GetValueOrDefault(source);
        if (now - last < LogEvery || !_lastLogged.TryUpdate(source, now, last) && !_lastLogged.TryAdd(source, now)) return;
        if (!WithinLines(now)) return;
        LogDropped(reason, source, topic, detail ?? "");
        if (_lastLogged.Count > 100_000) _lastLogged.Clear(); // bounded: a flood of fake sources cannot grow it forever
    }

    /// <summary>Whether this minute's lines (all sources together) leave room for one more. Approximate under races: a bound, not an exact count.</summary>
    private bool WithinLines(DateTimeOffset now)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        if (Interlocked.Exchange(ref _minute, minute) != minute) Interlocked.Exchange(ref _lines, 0);
        return Interlocked.Increment(ref _lines) <= LinesPerMinute;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped MQTT message ({Reason}) from {Source} on {Topic} {Detail} (further drops from this source this minute are only counted)")]
    private partial void LogDropped(string reason, string source, string topic, string detail);
}
