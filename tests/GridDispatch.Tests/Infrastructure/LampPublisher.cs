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

    /// <summary>
    /// A lamp as it is: connects as itself, sends one report at QoS 1, says goodbye. True when the broker acknowledged
    /// it as taken; false when it refused it, or could not be reached within 5 s (the sender tries again later).
    /// </summary>
    public static async Task<bool> ReportOnceAsync(int port, string township, string lamp, string password, string json)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(lamp)
                .WithCredentials(lamp, password).WithCleanSession().Build(), timeout.Token);
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"gd/{township}/lamp/{lamp}/telemetry")
                .WithPayload(json).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            return result.IsSuccess;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
