namespace GridDispatch.Gateway.Mqtt;

/// <summary>Publishes platform-to-device messages (commands, work orders) on whichever broker the gateway uses.</summary>
public interface IMqttOutbound
{
    /// <summary>Hands the message to the broker at QoS 1; false when there is no broker to hand it to (not started, not connected).</summary>
    Task<bool> PublishAsync(string topic, byte[] payload, bool retain = false);
}
