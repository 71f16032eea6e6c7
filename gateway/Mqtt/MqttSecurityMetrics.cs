using System.Diagnostics.Metrics;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// What the broker refused before any message: connections cut by the packet gate or the pending limit
/// (<c>griddispatch_mqtt_connections_cut_total{reason}</c>), CONNECTs refused
/// (<c>griddispatch_mqtt_connects_refused_total{reason}</c>) and sessions ended because their login was revoked.
/// </summary>
public sealed class MqttSecurityMetrics
{
    private static readonly Meter Meter = new("GridDispatch.Mqtt.Security");
    private static readonly Counter<long> Cut = Meter.CreateCounter<long>("griddispatch.mqtt.connections_cut", "{connection}", "Connections cut before or outside MQTT, by reason");
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("griddispatch.mqtt.connects_refused", "{connection}", "CONNECTs refused, by reason");
    private static readonly Counter<long> Revoked = Meter.CreateCounter<long>("griddispatch.mqtt.sessions_revoked", "{session}", "Sessions ended because their login no longer holds");

    public void ConnectionCut(string reason) => Cut.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ConnectRefused(string reason) => Refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void SessionRevoked() => Revoked.Add(1);
}
