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
/// the publisher. Several gateways share each subscription (<see cref="ExternalBrokerOptions.SharedGroup"/>), each taking a
/// share. Events and telemetry come over persistent sessions of their own, so telemetry can never starve events:
/// <list type="bullet">
/// <item>Events, status, command acknowledgements and whistles (<c>{ClientId}-events</c>): each message is
/// acknowledged only once its grain accepted it; one the gateway could not deliver stays unacknowledged in
/// the broker's session and comes again after the gateway reconnects. Never shed.</item>
/// <item>Telemetry (<c>{ClientId}</c>, <c>{ClientId}-telemetry1</c>, …: <see cref="ExternalBrokerOptions.TelemetrySessions"/> sessions
/// sharing one subscription, each read by its own MQTT client): acknowledged as soon as it is queued, so the broker's queue for it
/// stays short while this process reads as fast as the broker sends (past that, the broker drops, counted); when the cluster falls behind, the gateway's <see cref="TelemetryQueue"/> keeps the newest
/// report per lamp and counts what it sheds.</item>
/// </list>
/// The event session also reads the broker's <c>$SYS</c> counts (<see cref="BrokerCounters"/>): on a telemetry session
/// they would queue behind the very flood whose drops they count.
/// </summary>
public sealed partial class ExternalBrokerIngestion(
    IOptions<MqttOptions> options, MqttIngestion ingestion, BrokerCounters brokerCounters, ILogger<ExternalBrokerIngestion> logger)
    : BackgroundService, IMqttOutbound
{
    private static readonly string[] TelemetryFilters = ["gd/+/lamp/+/telemetry"];
    private static readonly string[] EventFilters = ["gd/+/lamp/+/event", "gd/+/lamp/+/status", "gd/+/lamp/+/cmd/ack", "gd/+/grid/+/whistle"];
    private static readonly string[] BrokerCounterTopics = [BrokerCounters.DroppedTopic, BrokerCounters.ReceivedTopic];
    /// <summary>
    /// Messages are ingested by this many workers at once on each session, each message by the worker its device
    /// (or cell) hashes to, so one lamp's reports keep their order; the broker may have up to <see cref="ReceiveMaximum"/>
    /// unacknowledged messages out to each session (MQTT 5 Receive Maximum), which bounds the event queues.
    /// </summary>
    private const int Partitions = 32;
    /// <summary>
    /// Telemetry goes to the grains in batches of up to this many lamps' reports, one grain call each (<see cref="MqttIngestion.IngestTelemetryAsync"/>):
    /// from a gateway outside the silo each call is a message between processes, serialised, sent and scheduled at both ends (#22, goal 1).
    /// </summary>
    private const int TelemetryBatch = 256;
    private const ushort ReceiveMaximum = 1024;
    private const string EventSessionSuffix = "-events";
    private static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(5);
    private readonly IMqttClient[] _telemetry = [.. Enumerable.Range(0, options.Value.External.TelemetrySessionCount)
        .Select(_ => new MqttClientFactory().CreateMqttClient())];
    private readonly IMqttClient _events = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<Received>[] _eventPartitions = [.. Enumerable.Range(0, Partitions)
        .Select(_ => Channel.CreateUnbounded<Received>(new UnboundedChannelOptions { SingleReader = true }))];
    private readonly TelemetryQueue[] _telemetryPartitions = [.. Enumerable.Range(0, Partitions)
        .Select(_ => new TelemetryQueue(Math.Max(1, options.Value.External.MaxTelemetryLamps / Partitions)))];

    /// <summary>
    /// A message taken from the broker, its payload copied (the client reuses its buffers). <see cref="Delivery"/>
    /// is the event still to acknowledge; null for telemetry, acknowledged when queued.
    /// </summary>
    internal sealed record Received(MqttApplicationMessageReceivedEventArgs? Delivery, string Topic, ReadOnlySequence<byte> Payload);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = _eventPartitions.Select(p => Task.Run(() => WorkAsync(p.Reader.ReadAllAsync(CancellationToken.None), stoppingToken), CancellationToken.None))
            .Concat(_telemetryPartitions.Select(p => Task.Run(() => WorkTelemetryAsync(p, options.Value.External.TelemetryIngestDelay, stoppingToken), CancellationToken.None)))
            .ToList();
        _events.ApplicationMessageReceivedAsync += OnEvent;
        foreach (var session in _telemetry) session.ApplicationMessageReceivedAsync += OnTelemetry;
        var o = options.Value.External;
        var telemetryFilters = TelemetryFilters.Select(TelemetryFilter).ToArray();
        var eventFilters = EventFilters.Select(EventFilter).ToArray();
        // A session resumed from another layout (one telemetry session subscribed plainly, or events and telemetry on one)
        // drops what is no longer its own: telemetry in the form the events take, which is how a single session took it.
        var telemetryAsEvents = TelemetryFilters.Select(EventFilter).ToArray();
        string[] notTelemetry = [.. eventFilters, .. telemetryAsEvents.Except(telemetryFilters)];
        string[] notEvents = [.. telemetryAsEvents.Union(telemetryFilters)];
        while (!stoppingToken.IsCancellationRequested)
        {
            // Each session on its own: events are taken even while a telemetry session cannot connect, and the other way
            // round. The broker's counts come on the event session (the telemetry ones are those mosquitto drops from
            // when flooded), subscribed after telemetry, so a gateway showing them has every subscription.
            var failed = false;
            for (var i = 0; i < _telemetry.Length; i++)
                failed |= !await TryConnectAsync(_telemetry[i], TelemetrySessionId(i), telemetryFilters, [], notTelemetry, stoppingToken);
            failed |= !await TryConnectAsync(_events, o.ClientId + EventSessionSuffix, eventFilters, BrokerCounterTopics, notEvents, stoppingToken);
            await Task.Delay(failed ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(200), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }

        foreach (var client in _telemetry.Append(_events))
            if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
        foreach (var partition in _eventPartitions) partition.Writer.TryComplete();
        foreach (var partition in _telemetryPartitions) partition.Complete();
        await Task.WhenAll(workers);
    }

    /// <summary>Connects <paramref name="client"/> unless it is connected; false if that failed (logged).</summary>
    private async Task<bool> TryConnectAsync(IMqttClient client, string clientId, string[] filters, string[] counters, string[] notHere, CancellationToken stoppingToken)
    {
        if (client.IsConnected || stoppingToken.IsCancellationRequested) return true;
        try
        {
            await ConnectAsync(client, clientId, filters, counters, notHere, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return true; }
        catch (Exception error)
        {
            LogUnreachable(error.Message);
            return false;
        }
    }

    /// <summary>
    /// Session <paramref name="index"/> of the telemetry sessions: the first keeps the gateway's own client id, as when
    /// there was one; the others add <c>-telemetry{n}</c>.
    /// </summary>
    private string TelemetrySessionId(int index) => options.Value.External.ClientId + (index == 0 ? "" : $"-telemetry{index}");

    /// <summary>
    /// Telemetry's filter: shared whenever more than one session takes it (within one gateway, or across gateways by
    /// <see cref="ExternalBrokerOptions.SharedGroup"/>), so the broker hands each report to one of them, in turn.
    /// </summary>
    private string TelemetryFilter(string filter)
    {
        var o = options.Value.External;
        var group = string.IsNullOrEmpty(o.SharedGroup) ? _telemetry.Length > 1 ? o.ClientId : null : o.SharedGroup;
        return group is null ? filter : $"$share/{group}/{filter}";
    }

    /// <summary>The events' filter: shared only across gateways (plain subscriptions survive a mosquitto restart).</summary>
    private string EventFilter(string filter) => options.Value.External.SharedGroup is { Length: > 0 } group ? $"$share/{group}/{filter}" : filter;

    /// <summary>
    /// Opens (or resumes) one session and subscribes it to <paramref name="filters"/>, plus the broker's own
    /// <paramref name="counters"/> (never shared: each gateway reads them). A session resumed from another layout
    /// (an older gateway took every topic on one session) is unsubscribed from <paramref name="notHere"/>.
    /// </summary>
    private async Task ConnectAsync(IMqttClient client, string clientId, string[] filters, string[] counters, string[] notHere, CancellationToken cancellationToken)
    {
        var o = options.Value.External;
        var connect = new MqttClientOptionsBuilder()
            .WithTcpServer(o.Host, o.Port)
            .WithClientId(clientId)
            .WithCredentials(o.Username, o.Password)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(24 * 3600) // unacknowledged messages wait for us across restarts
            .WithReceiveMaximum(ReceiveMaximum)
            .Build();
        var connected = await client.ConnectAsync(connect, cancellationToken);
        if (connected.IsSessionPresent && notHere.Length > 0)
        {
            var unsubscribe = new MqttClientUnsubscribeOptionsBuilder();
            foreach (var filter in notHere) unsubscribe.WithTopicFilter(filter);
            await client.UnsubscribeAsync(unsubscribe.Build(), cancellationToken);
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in filters) subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        foreach (var topic in counters) subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtMostOnce);
        var granted = await client.SubscribeAsync(subscribe.Build(), cancellationToken);
        foreach (var item in granted.Items.Where(i => (int)i.ResultCode >= 0x80))
            LogNotSubscribed(item.TopicFilter.Topic, item.ResultCode.ToString());
        LogConnected(o.Host, o.Port, clientId);
    }

    /// <summary>Hands the event to its partition's worker and returns, so the client reads the next one meanwhile; acknowledged once ingested.</summary>
    private Task OnEvent(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (topic.StartsWith("$SYS/", StringComparison.Ordinal))
        {
            brokerCounters.Take(topic, e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        }

        e.AutoAcknowledge = false;
        var partition = _eventPartitions[PartitionOf(KeyOf(topic))];
        return partition.Writer.WriteAsync(new Received(e, topic, new ReadOnlySequence<byte>(e.ApplicationMessage.Payload.ToArray()))).AsTask();
    }

    /// <summary>Queues the report (replacing the lamp's waiting one) and lets the client acknowledge it on return.</summary>
    private Task OnTelemetry(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var lamp = KeyOf(topic);
        _telemetryPartitions[PartitionOf(lamp)].Offer(lamp, new Received(null, topic, new ReadOnlySequence<byte>(e.ApplicationMessage.Payload.ToArray())));
        return Task.CompletedTask;
    }

    /// <summary>The lamp (or cell) a message is about: its messages share one worker.</summary>
    private static string KeyOf(string topic) => MqttTopic.TryParse(topic, out var parsed) ? parsed.Id : topic;

    private static int PartitionOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % Partitions);

    private async Task WorkAsync(IAsyncEnumerable<Received> messages, CancellationToken stoppingToken)
    {
        await foreach (var message in messages)
        {
            if (stoppingToken.IsCancellationRequested) continue; // an event unacknowledged: the broker sends it again next session
            await IngestAsync(message);
        }
    }

    /// <summary>One batch of a partition's telemetry at a time, so each lamp's reports keep their order. Acknowledged already (when queued).</summary>
    private async Task WorkTelemetryAsync(TelemetryQueue queue, TimeSpan delay, CancellationToken stoppingToken)
    {
        await foreach (var batch in queue.ReadBatchesAsync(TelemetryBatch))
        {
            if (stoppingToken.IsCancellationRequested) continue;
            if (delay > TimeSpan.Zero) await Task.Delay(delay * batch.Count, CancellationToken.None);
            var reports = batch.ConvertAll(m => (PublisherOf(m.Topic), m.Topic, m.Payload));
            await RetryingAsync(batch[0].Topic, () => ingestion.IngestTelemetryAsync(reports));
        }
    }

    private async Task IngestAsync(Received message)
    {
        var topic = message.Topic;
        var publisher = PublisherOf(topic);
        if (!await RetryingAsync(topic, () => ingestion.IngestAsync(publisher, topic, message.Payload))) return;
        if (message.Delivery is null) return;
        try { await message.Delivery.AcknowledgeAsync(CancellationToken.None); }
        catch (Exception)
        {
            // It came over a connection that has since dropped: the broker sends it again on the next one,
            // where it is a duplicate the lamp's grain recognises. Nothing to retry here.
        }
    }

    /// <summary>The broker's ACL made sure the publisher owns a lamp topic; whistles are limited by the ACL too.</summary>
    private static MqttIdentity? PublisherOf(string topic) => MqttTopic.TryParse(topic, out var parsed)
        ? parsed.Kind == TopicKind.Whistle ? new MqttIdentity(IdentityKind.Admin, "broker", null) : new MqttIdentity(IdentityKind.Lamp, parsed.Id, parsed.Township)
        : null;

    /// <summary>
    /// Runs <paramref name="ingest"/> until it succeeds, for at most <see cref="RetryFor"/>; false if it never did (logged). A grain call
    /// fails while the cluster moves grains off a dead silo (membership needs some seconds to declare it dead): retried with a growing
    /// pause rather than leaving an event unacknowledged, which would hold it in the broker until this gateway reconnects.
    /// </summary>
    private async Task<bool> RetryingAsync(string topic, Func<Task> ingest)
    {
        var pause = TimeSpan.FromMilliseconds(250);
        for (var started = DateTime.UtcNow; ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxRetryPause.Ticks)))
        {
            try
            {
                await ingest();
                return true;
            }
            catch (Exception error) when (DateTime.UtcNow - started < RetryFor)
            {
                LogIngestRetry(topic, error.Message);
                await Task.Delay(pause);
            }
            catch (Exception error)
            {
                // An event is not acknowledged: the broker keeps it for this session and sends it again. Telemetry is lost.
                LogIngestFailed(error, topic);
                return false;
            }
        }
    }

    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        if (!_events.IsConnected) return false; // counted by the caller; the lamp grain re-issues unacknowledged commands
        await _events.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());
        return true;
    }

    public override void Dispose()
    {
        foreach (var session in _telemetry) session.Dispose();
        _events.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingesting from the MQTT broker at {Host}:{Port} as {ClientId}")]
    private partial void LogConnected(string host, int port, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MQTT broker refused the subscription to {Filter} ({Reason})")]
    private partial void LogNotSubscribed(string filter, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker unreachable ({Reason}); retrying")]
    private partial void LogUnreachable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ingest a message on {Topic} yet ({Reason}); retrying")]
    private partial void LogIngestRetry(string topic, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not ingest a message on {Topic}; left unacknowledged")]
    private partial void LogIngestFailed(Exception error, string topic);
}
