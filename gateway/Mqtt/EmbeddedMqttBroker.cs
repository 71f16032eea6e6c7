using System.Net;
using System.Text.Json;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// The embedded broker (MQTTnet.Server) of the one-process default. Devices authenticate at CONNECT;
/// every publish on <c>gd/…</c> is checked against the publisher's identity and ingested before the
/// broker acknowledges it (a QoS 1 PUBACK means the grain accepted it); subscriptions are checked too.
/// </summary>
public sealed partial class EmbeddedMqttBroker(
    IOptions<MqttOptions> options,
    IMqttCredentials credentials,
    MqttIngestion ingestion,
    IGrainFactory grains,
    ILogger<EmbeddedMqttBroker> logger,
    TimeProvider time) : IHostedService, IMqttOutbound, IAsyncDisposable
{
    private const string IdentityKey = "griddispatch.identity";
    private MqttServer? _server;
    private int _connections;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Embedded) return;
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(o.BindAddress))
            .WithDefaultEndpointPort(o.Port)
            .WithMaxPendingMessagesPerClient(1_000)
            .WithDefaultCommunicationTimeout(o.CommunicationTimeout)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += OnConnecting;
        _server.ClientConnectedAsync += e =>
        {
            Interlocked.Increment(ref _connections);
            return ReportConnection(e.SessionItems, online: true);
        };
        _server.ClientDisconnectedAsync += OnDisconnected;
        _server.InterceptingPublishAsync += OnPublish;
        _server.InterceptingSubscriptionAsync += OnSubscribe;
        await _server.StartAsync();
        LogStarted(o.BindAddress, o.Port);
    }

    private async Task OnConnecting(ValidatingConnectionEventArgs e)
    {
        // Counted when connected, not when attempted: a refused login must not use up a place.
        if (Volatile.Read(ref _connections) >= options.Value.MaxConnections)
        {
            e.ReasonCode = MqttConnectReasonCode.ServerUnavailable;
            return;
        }

        var identity = await credentials.AuthenticateAsync(e.UserName, e.Password);
        if (identity is null)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            LogRefused(e.UserName ?? "(none)", e.RemoteEndPoint?.ToString() ?? "?");
            return;
        }

        e.SessionItems[IdentityKey] = identity;
        // MQTT 5 clients may leave their id empty for the server to assign. (MQTT 3.1.1 lets a server refuse
        // empty ids, §3.1.3, and MQTTnet does with "identifier rejected": 3.1.1 devices must send one.)
        if (string.IsNullOrEmpty(e.ClientId)) e.AssignedClientIdentifier = $"{identity.Id}-{Guid.NewGuid():N}";
    }

    private async Task OnDisconnected(ClientDisconnectedEventArgs e)
    {
        if (e.SessionItems[IdentityKey] is not null) Interlocked.Decrement(ref _connections);
        // A lamp that vanished without DISCONNECT is offline now; its will message says the same.
        if (e.DisconnectType != MqttClientDisconnectType.Clean) await ReportConnection(e.SessionItems, online: false);
    }

    private async Task ReportConnection(System.Collections.IDictionary items, bool online)
    {
        if (items[IdentityKey] is MqttIdentity { Kind: IdentityKind.Lamp } lamp)
            await grains.GetGrain<IStreetlightGrain>(lamp.Id).ReportConnection(online, time.GetUtcNow());
    }

    private async Task OnPublish(InterceptingPublishEventArgs e)
    {
        var identity = e.SessionItems[IdentityKey] as MqttIdentity;
        IngestOutcome outcome;
        try
        {
            outcome = await ingestion.IngestAsync(identity, e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
        }
        catch (Exception error)
        {
            // The grain could not take it now: no acknowledgement, close, and the device re-sends.
            LogIngestFailed(error, e.ApplicationMessage.Topic);
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

    private Task OnSubscribe(InterceptingSubscriptionEventArgs e)
    {
        if (e.SessionItems[IdentityKey] is MqttIdentity identity && identity.MaySubscribe(e.TopicFilter.Topic)) return Task.CompletedTask;
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        return Task.CompletedTask;
    }

    public async Task PublishAsync(string topic, byte[] payload, bool retain = false)
    {
        if (_server is null) return;
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "griddispatch" }, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { IsStarted: true }) await _server.StopAsync(new MqttServerStopOptions());
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    private partial void LogStarted(string address, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection refused for user {User} from {Endpoint}")]
    private partial void LogRefused(string user, string endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not ingest a message on {Topic}; not acknowledged")]
    private partial void LogIngestFailed(Exception error, string topic);
}
