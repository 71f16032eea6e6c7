using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Ingests from an external broker (mosquitto). The broker authenticates devices and enforces who may
/// publish where (its password_file and acl_file, see docs/OPERATIONS-MQTT.md), so a lamp topic's id is
/// the publisher. The gateway subscribes through shared subscriptions, so several gateways each take a
/// share, and acknowledges a message only once its grain accepted it: one it could not deliver stays
/// unacknowledged in the broker's persistent session and comes again after the gateway reconnects.
/// </summary>
public sealed partial class ExternalBrokerIngestion(
    IOptions<MqttOptions> options, MqttIngestion ingestion, ILogger<ExternalBrokerIngestion> logger) : BackgroundService, IMqttOutbound
{
    private static readonly string[] Filters = ["gd/+/lamp/+/telemetry", "gd/+/lamp/+/event", "gd/+/lamp/+/status", "gd/+/lamp/+/cmd/ack", "gd/+/grid/+/whistle"];
    private static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(5);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _client.ApplicationMessageReceivedAsync += OnMessage;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected) await ConnectAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception error)
            {
                LogUnreachable(error.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }

        if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var o = options.Value.External;
        var connect = new MqttClientOptionsBuilder()
            .WithTcpServer(o.Host, o.Port)
            .WithClientId(o.ClientId)
            .WithCredentials(o.Username, o.Password)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(24 * 3600) // unacknowledged messages wait for us across restarts
            .Build();
        await _client.ConnectAsync(connect, cancellationToken);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in Filters)
            subscribe.WithTopicFilter($"$share/{o.SharedGroup}/{filter}", MqttQualityOfServiceLevel.AtLeastOnce);
        await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
        LogConnected(o.Host, o.Port);
    }

    private async Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        var topic = e.ApplicationMessage.Topic;
        // The broker's ACL made sure the publisher owns a lamp topic; whistles are limited by the ACL too.
        var publisher = MqttTopic.TryParse(topic, out var parsed)
            ? parsed.Kind == TopicKind.Whistle ? new MqttIdentity(IdentityKind.Admin, "broker", null) : new MqttIdentity(IdentityKind.Lamp, parsed.Id, parsed.Township)
            : null;
        // A grain call fails while the cluster moves grains off a dead silo (membership needs some seconds
        // to declare it dead): retry with a growing pause rather than leave the message unacknowledged,
        // which would hold it in the broker until this gateway reconnects. The broker waits meanwhile.
        var pause = TimeSpan.FromMilliseconds(250);
        for (var started = DateTime.UtcNow; ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxRetryPause.Ticks)))
        {
            try
            {
                await ingestion.IngestAsync(publisher, topic, e.ApplicationMessage.Payload);
                await e.AcknowledgeAsync(CancellationToken.None);
                return;
            }
            catch (Exception error) when (DateTime.UtcNow - started < RetryFor)
            {
                LogIngestRetry(topic, error.Message);
                await Task.Delay(pause);
            }
            catch (Exception error)
            {
                // Not acknowledged: the broker keeps it for this session and sends it again.
                LogIngestFailed(error, topic);
                return;
            }
        }
    }

    public async Task PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        if (!_client.IsConnected) return; // the lamp grain re-issues unacknowledged commands
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingesting from the MQTT broker at {Host}:{Port}")]
    private partial void LogConnected(string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker unreachable ({Reason}); retrying")]
    private partial void LogUnreachable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ingest a message on {Topic} yet ({Reason}); retrying")]
    private partial void LogIngestRetry(string topic, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not ingest a message on {Topic}; left unacknowledged")]
    private partial void LogIngestFailed(Exception error, string topic);
}
