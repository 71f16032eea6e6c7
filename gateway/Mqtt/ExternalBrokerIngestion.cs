using System.Buffers;
using System.Text;
using System.Threading.Channels;
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
    /// <summary>
    /// Messages are ingested by this many workers at once, each message by the worker its device (or cell)
    /// hashes to, so one lamp's reports keep their order; the broker may have up to <see cref="ReceiveMaximum"/>
    /// unacknowledged messages out to this gateway (MQTT 5 Receive Maximum), which bounds the queues.
    /// </summary>
    private const int Partitions = 32;
    private const ushort ReceiveMaximum = 1024;
    private static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(5);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<Received>[] _partitions = [.. Enumerable.Range(0, Partitions)
        .Select(_ => Channel.CreateUnbounded<Received>(new UnboundedChannelOptions { SingleReader = true }))];

    /// <summary>A message taken from the broker, its payload copied (the client reuses its buffers), not yet acknowledged.</summary>
    private sealed record Received(MqttApplicationMessageReceivedEventArgs Delivery, string Topic, ReadOnlySequence<byte> Payload);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = _partitions.Select(p => Task.Run(() => WorkAsync(p.Reader, stoppingToken), CancellationToken.None)).ToList();
        _client.ApplicationMessageReceivedAsync += OnMessage;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected) await ConnectAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception error)
            {
                LogUnreachable(error.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }

        if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
        foreach (var partition in _partitions) partition.Writer.TryComplete();
        await Task.WhenAll(workers);
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
            .WithReceiveMaximum(ReceiveMaximum)
            .Build();
        await _client.ConnectAsync(connect, cancellationToken);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in Filters)
            subscribe.WithTopicFilter(string.IsNullOrEmpty(o.SharedGroup) ? filter : $"$share/{o.SharedGroup}/{filter}", MqttQualityOfServiceLevel.AtLeastOnce);
        await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
        LogConnected(o.Host, o.Port);
    }

    /// <summary>Hands the message to its partition's worker and returns, so the client reads the next one meanwhile.</summary>
    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        var topic = e.ApplicationMessage.Topic;
        var key = MqttTopic.TryParse(topic, out var parsed) ? parsed.Id : topic;
        var partition = _partitions[(uint)StringComparer.Ordinal.GetHashCode(key) % Partitions];
        return partition.Writer.WriteAsync(new Received(e, topic, new ReadOnlySequence<byte>(e.ApplicationMessage.Payload.ToArray()))).AsTask();
    }

    private async Task WorkAsync(ChannelReader<Received> messages, CancellationToken stoppingToken)
    {
        await foreach (var message in messages.ReadAllAsync(CancellationToken.None))
        {
            if (stoppingToken.IsCancellationRequested) continue; // unacknowledged: the broker sends it again next session
            await IngestAsync(message);
        }
    }

    private async Task IngestAsync(Received message)
    {
        var topic = message.Topic;
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
                await ingestion.IngestAsync(publisher, topic, message.Payload);
                break;
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

        try { await message.Delivery.AcknowledgeAsync(CancellationToken.None); }
        catch (Exception)
        {
            // It came over a connection that has since dropped: the broker sends it again on the next one,
            // where it is a duplicate the lamp's grain recognises. Nothing to retry here.
        }
    }

    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        if (!_client.IsConnected) return false; // counted by the caller; the lamp grain re-issues unacknowledged commands
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());
        return true;
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
