using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Simulators.Handhelds;

/// <summary>
/// A whistle box on MQTT: each grid leader connects as themselves (their account and password) and
/// publishes on <c>gd/{township}/grid/{cell}/whistle</c> at QoS 1; the broker's acknowledgement means accepted.
/// </summary>
public sealed class MqttWhistleSender(string township, string host, int port, Func<string, string> passwordFor) : IWhistleSender
{
    private readonly ConcurrentDictionary<string, IMqttClient> _leaders = new();

    public async Task<bool> SendAsync(WhistleDraft w, CancellationToken cancellationToken)
    {
        try
        {
            var client = await ConnectedAsync(w.Leader, cancellationToken);
            var payload = JsonSerializer.Serialize(new
            {
                whistleId = w.WhistleId, by = w.Leader, category = w.Category, severity = w.Severity, text = w.Text, ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            });
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"gd/{township}/grid/{w.Cell}/whistle").WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
            return result.IsSuccess;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stopping (Ctrl+C) mid-publish fails the publish in its own way: that is a stop, not a crash of the command.
            cancellationToken.ThrowIfCancellationRequested();
            return false; // the broker went away: the next whistle reconnects
        }
    }

    private async Task<IMqttClient> ConnectedAsync(string leader, CancellationToken cancellationToken)
    {
        var client = _leaders.GetOrAdd(leader, _ => new MqttClientFactory().CreateMqttClient());
        if (!client.IsConnected)
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId($"whistle-{leader}")
                .WithCredentials(leader, passwordFor(leader)).WithCleanSession().Build(), cancellationToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _leaders.Values)
        {
            // A leader's connection that is already going (the broker closed it as we stop) is no reason to fail the stop.
            try { if (client.IsConnected) await client.DisconnectAsync(); }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException) { }
            client.Dispose();
        }
    }
}
