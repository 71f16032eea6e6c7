namespace GridDispatch.Gateway.Mqtt;

/// <summary>Publishes platform-to-device messages (commands, work orders) on whichever broker the gateway uses.</summary>
public interface IMqttOutbound
{
    Task PublishAsync(string topic, byte[] payload, bool retain = false);
}
