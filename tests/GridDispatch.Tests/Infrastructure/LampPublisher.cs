using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>An MQTT connection to the embedded broker for publishing many lamp reports fast (mosquitto_pub -l takes one topic only).</summary>
public sealed class LampPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public static async Task<LampPublisher> ConnectAsync(int port, string user = "admin", string password = "demo")
    {
        var publisher = new LampPublisher();
        await publisher._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId($"test-{Guid.NewGuid():N}").WithCredentials(user, password).WithCleanSession().Build());
        return publisher;
    }

    public Task TelemetryAsync(string township, string lamp, string json, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"gd/{township}/lamp/{lamp}/telemetry").WithPayload(json).WithQualityOfServiceLevel(qos).Build());

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
