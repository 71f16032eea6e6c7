using System.Diagnostics.Metrics;
using System.Globalization;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// An external mosquitto's own counts, as it publishes them under <c>$SYS</c> every <c>sys_interval</c>
/// seconds (docs/OPERATIONS-MQTT.md): above all what it acknowledged and then dropped from a full queue,
/// which no client ever hears of. Shown on <c>/metrics</c> as gauges (mosquitto counts from its own start)
/// and on the operations overview. Unknown (null, no gauge value) until mosquitto has published them to
/// the gateway, which needs read access to <c>$SYS</c> in its ACL.
/// </summary>
public sealed class BrokerCounters
{
    /// <summary>Publishes mosquitto accepted but dropped: a subscriber's queue past <c>max_queued_messages</c>, or an inflight limit.</summary>
    public const string DroppedTopic = "$SYS/broker/publish/messages/dropped";
    /// <summary>Publishes mosquitto received from all clients.</summary>
    public const string ReceivedTopic = "$SYS/broker/publish/messages/received";
    private static readonly Meter Meter = new("GridDispatch.Mqtt");
    private long _dropped = -1, _received = -1;

    public BrokerCounters()
    {
        Meter.CreateObservableGauge("griddispatch.mqtt.broker.dropped", () => Measure(Dropped), "{message}",
            "Messages the external broker acknowledged and dropped, by its $SYS count since it started");
        Meter.CreateObservableGauge("griddispatch.mqtt.broker.received", () => Measure(Received), "{message}",
            "Messages the external broker received, by its $SYS count since it started");
    }

    public long? Dropped => Read(ref _dropped);

    public long? Received => Read(ref _received);

    /// <summary>Takes one <c>$SYS</c> message; false if it is not one of ours.</summary>
    public bool Take(string topic, string payload)
    {
        if (!long.TryParse(payload.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        switch (topic)
        {
            case DroppedTopic: Interlocked.Exchange(ref _dropped, value); return true;
            case ReceivedTopic: Interlocked.Exchange(ref _received, value); return true;
            default: return false;
        }
    }

    private static long? Read(ref long field) => Interlocked.Read(ref field) is var v and >= 0 ? v : null;

    private static IEnumerable<Measurement<long>> Measure(long? value) => value is { } v ? [new Measurement<long>(v)] : [];
}
