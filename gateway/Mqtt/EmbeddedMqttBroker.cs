using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// The embedded broker (MQTTnet.Server behind <see cref="MqttListener"/>) of the one-process default.
/// Devices authenticate at CONNECT (failures throttled per address, <see cref="ConnectThrottle"/>); a client
/// id belongs to one principal (<see cref="ClientIds"/>); every publish, a will included, must be a contract
/// topic its publisher may use, and is ingested before the broker acknowledges it (a QoS 1 PUBACK means the
/// grain accepted it); only the platform publishes commands and work orders; subscriptions are checked too;
/// a person's session ends soon after their login is revoked.
/// </summary>
public sealed partial class EmbeddedMqttBroker(
    IOptions<MqttOptions> options,
    IMqttCredentials credentials,
    MqttIngestion ingestion,
    IngestionDrops drops,
    MqttListener listener,
    ConnectThrottle throttle,
    ClientIds clientIds,
    MqttSecurityMetrics metrics,
    IGrainFactory grains,
    ILogger<EmbeddedMqttBroker> logger,
    TimeProvider time) : IHostedService, IMqttOutbound, IAsyncDisposable
{
    private const string IdentityKey = "griddispatch.identity";
    private const string Mqtt5Key = "griddispatch.mqtt5";
    /// <summary>Marks the platform's own messages (commands, work orders): no client session carries it.</summary>
    private static readonly IDictionary PlatformItems = new Hashtable { ["griddispatch.platform"] = true };
    private readonly ConcurrentDictionary<EndPoint, MqttIdentity> _validated = new();
    private readonly CancellationTokenSource _stopping = new();
    private MqttServer? _server;
    private Task _rechecking = Task.CompletedTask;
    private int _connections;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Embedded) return;
        var serverOptions = BoundClientQueues(new MqttServerOptionsBuilder()
            .WithoutDefaultEndpoint()) // MqttListener accepts the connections
            .WithDefaultCommunicationTimeout(o.CommunicationTimeout)
            .Build();
        // MQTTnet's own errors (a client's broken packet, a failed handler) go to our log, at debug: clients cause them.
        var mqttLog = new MQTTnet.Diagnostics.Logger.MqttNetEventLogger();
        mqttLog.LogMessagePublished += (_, m) =>
        {
            if (m.LogMessage.Level == MQTTnet.Diagnostics.Logger.MqttNetLogLevel.Error) LogMqttNet(m.LogMessage.Exception, m.LogMessage.Message);
        };
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [listener], mqttLog);
        _server.ValidatingConnectionAsync += OnConnecting;
        _server.ClientConnectedAsync += OnConnected;
        _server.ClientDisconnectedAsync += OnDisconnected;
        _server.SessionDeletedAsync += e =>
        {
            clientIds.Released(e.Id);
            return Task.CompletedTask;
        };
        _server.InterceptingPublishAsync += OnPublish;
        _server.QueuedApplicationMessageOverwrittenAsync += OnQueueOverflow;
        _server.InterceptingSubscriptionAsync += OnSubscribe;
        await _server.StartAsync();
        _rechecking = RecheckLoginsAsync(_stopping.Token);
        LogStarted(o.BindAddress, o.Port);
    }

    /// <summary>Messages queued for one client at most.</summary>
    public const int MaxPendingPerClient = 1_000;

    /// <summary>
    /// A client slower than its messages loses the oldest beyond <see cref="MaxPendingPerClient"/> (counted by the
    /// overwrite event): the lamp grain re-sends an unacknowledged command, and the broker's memory stays bounded whatever
    /// a subscriber does. Also what the benchmarks' bare MQTTnet broker runs with.
    /// </summary>
    public static MqttServerOptionsBuilder BoundClientQueues(MqttServerOptionsBuilder options) => options
        .WithMaxPendingMessagesPerClient(MaxPendingPerClient)
        .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage);

    private async Task OnConnecting(ValidatingConnectionEventArgs e)
    {
        var o = options.Value;
        var address = (e.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "?";
        // Counted when connected, not when attempted: a refused login must not use up a place.
        if (Volatile.Read(ref _connections) >= o.MaxConnections)
        {
            Refuse(e, MqttConnectReasonCode.ServerUnavailable, "server_full");
            return;
        }

        // Too many failures from here lately: refused before any credential is looked at.
        if (throttle.IsThrottled(address, e.UserName))
        {
            Refuse(e, MqttConnectReasonCode.ConnectionRateExceeded, "throttled");
            return;
        }

        var identity = await credentials.AuthenticateAsync(e.UserName, e.Password, (e.RemoteEndPoint as IPEndPoint)?.Address);
        if (identity is null)
        {
            throttle.Failed(address, e.UserName);
            Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "bad_login");
            LogRefused(e.UserName ?? "(none)", e.RemoteEndPoint?.ToString() ?? "?");
            return;
        }

        var assigned = e.ChannelAdapter is GuardedChannel { AssignedClientId: true };
        if (string.IsNullOrEmpty(e.ClientId))
        {
            // MQTT 5 without an id: one is assigned, for a clean session only (a persistent one could never be resumed).
            if (e.CleanSession != true)
            {
                Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, "client_id");
                return;
            }

            e.AssignedClientIdentifier = GuardedChannel.AssignedPrefix + Guid.NewGuid().ToString("N");
            assigned = true;
        }

        var clientId = string.IsNullOrEmpty(e.ClientId) ? e.AssignedClientIdentifier : e.ClientId;
        if (await clientIds.ClaimAsync(clientId, identity, assigned) is { } problem)
        {
            Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, "client_id");
            LogClientIdRefused(clientId, identity.Principal, problem);
            return;
        }

        e.SessionItems[IdentityKey] = identity;
        _validated[e.RemoteEndPoint] = identity;
        if (e.ChannelAdapter is GuardedChannel channel)
            channel.Accept(identity.Kind == IdentityKind.Lamp ? o.MaxLampPacketBytes : o.MaxPersonPacketBytes);
    }

    private void Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason)
    {
        e.ReasonCode = code;
        metrics.ConnectRefused(reason);
    }

    private async Task OnConnected(ClientConnectedEventArgs e)
    {
        // A resumed session keeps its old items: this connection's login replaces what it holds.
        if (_validated.TryRemove(e.RemoteEndPoint, out var identity)) e.SessionItems[IdentityKey] = identity;
        e.SessionItems[Mqtt5Key] = e.ProtocolVersion == MqttProtocolVersion.V500;
        Interlocked.Increment(ref _connections);
        if (e.SessionItems[IdentityKey] is not MqttIdentity connected) return;
        clientIds.Connected(e.ClientId, e.RemoteEndPoint, connected);
        // Online now, but not yet subscribed to its commands: they go out on its first message (its "online" status).
        if (connected.Kind == IdentityKind.Lamp && clientIds.LampConnected(connected.Id))
            await grains.GetGrain<IStreetlightGrain>(connected.Id).ReportConnection(true, time.GetUtcNow(), listening: false);
    }

    private async Task OnDisconnected(ClientDisconnectedEventArgs e)
    {
        if (e.SessionItems[IdentityKey] is not MqttIdentity identity) return;
        Interlocked.Decrement(ref _connections);
        clientIds.Disconnected(e.ClientId, e.RemoteEndPoint);
        // The lamp is offline when its last connection vanished without DISCONNECT (its will says the same);
        // another of its connections ending, a killed duplicate say, changes nothing.
        if (identity.Kind == IdentityKind.Lamp && clientIds.LampDisconnected(identity.Id) && e.DisconnectType != MqttClientDisconnectType.Clean)
            await ReportLamp(identity.Id, online: false);
    }

    private Task ReportLamp(string lampId, bool online) =>
        grains.GetGrain<IStreetlightGrain>(lampId).ReportConnection(online, time.GetUtcNow());

    private async Task OnPublish(InterceptingPublishEventArgs e)
    {
        if (ReferenceEquals(e.SessionItems, PlatformItems)) return; // the platform's own command or work order
        var message = e.ApplicationMessage;
        var identity = e.SessionItems?[IdentityKey] as MqttIdentity;
        var source = MqttIdentity.SourceOf(identity);
        var mqtt5 = e.SessionItems?[Mqtt5Key] is true;
        if (!PublishRules.IsValidTopicName(message.Topic))
        {
            // MQTT 5 can say why (0x90); MQTT 3.1.1 has no negative acknowledgement, and the packet is malformed: close.
            Refuse(e, MqttPubAckReasonCode.TopicNameInvalid, "topic_invalid", source, closeUnlessMqtt5: !mqtt5);
            return;
        }

        if (PublishRules.Check(identity, message.Topic, message.Retain) is { } refusal)
        {
            Refuse(e, MqttPubAckReasonCode.NotAuthorized, refusal, source);
            return;
        }

        if (message.Payload.Length > options.Value.MaxPayloadBytes)
        {
            Refuse(e, MqttPubAckReasonCode.ImplementationSpecificError, "payload_size", source);
            return;
        }

        IngestOutcome outcome;
        try
        {
            outcome = await ingestion.IngestAsync(identity, message.Topic, message.Payload);
        }
        catch (Exception error)
        {
            // The grain could not take it now: no acknowledgement, close, and the device re-sends.
            LogIngestFailed(error, message.Topic);
            e.ProcessPublish = false;
            e.CloseConnection = true;
            return;
        }

        if (outcome == IngestOutcome.Dropped)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.ImplementationSpecificError;
        }
    }

    /// <summary>A client's queue was full and lost its oldest message: counted by the message's kind, so a lost command is seen.</summary>
    private static Task OnQueueOverflow(QueueMessageOverwrittenEventArgs e)
    {
        if (e.Packet is MqttPublishPacket lost) MqttOutboundQueue.CountDrop(lost.Topic, "client_queue_full");
        return Task.CompletedTask;
    }

    private void Refuse(InterceptingPublishEventArgs e, MqttPubAckReasonCode code, string reason, string source, bool closeUnlessMqtt5 = false)
    {
        e.ProcessPublish = false;
        e.Response.ReasonCode = code;
        e.CloseConnection = closeUnlessMqtt5;
        drops.Drop(reason, source, Printable(e.ApplicationMessage.Topic));
    }

    private static string Printable(string topic) =>
        new([.. topic.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);

    private Task OnSubscribe(InterceptingSubscriptionEventArgs e)
    {
        if (e.SessionItems[IdentityKey] is MqttIdentity identity && identity.MaySubscribe(e.TopicFilter.Topic)) return Task.CompletedTask;
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        return Task.CompletedTask;
    }

    /// <summary>Every <see cref="MqttOptions.SessionRecheckInterval"/>, each person's session is checked against their login; a revoked one is disconnected.</summary>
    private async Task RecheckLoginsAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.SessionRecheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                foreach (var (clientId, identity) in clientIds.People())
                {
                    bool valid;
                    try { valid = await credentials.StillValidAsync(identity); }
                    catch (Exception error)
                    {
                        LogRecheckFailed(error, identity.Id);
                        continue; // the cluster is busy: look again next time
                    }

                    if (valid || _server is null) continue;
                    metrics.SessionRevoked();
                    LogRevoked(identity.Id, clientId);
                    await _server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized });
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        if (_server is null) return false;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "griddispatch", CustomSessionItems = PlatformItems },
            CancellationToken.None);
        return true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _rechecking;
        if (_server is { IsStarted: true }) await _server.StopAsync(new MqttServerStopOptions());
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    private partial void LogStarted(string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection refused for user {User} from {Endpoint}")]
    private partial void LogRefused(string user, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client id {ClientId} refused to {Principal}: {Problem}")]
    private partial void LogClientIdRefused(string clientId, string principal, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT session of {Person} ({ClientId}) ended: their login was revoked")]
    private partial void LogRevoked(string person, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-check the login of {Person}; trying again")]
    private partial void LogRecheckFailed(Exception error, string person);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTTnet: {Message}")]
    private partial void LogMqttNet(Exception? error, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not ingest a message on {Topic}; not acknowledged")]
    private partial void LogIngestFailed(Exception error, string topic);
}
