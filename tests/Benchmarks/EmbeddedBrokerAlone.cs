using GridDispatch.Gateway.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Server;

namespace GridDispatch.Benchmarks;

/// <summary>
/// The embedded broker with nothing behind it: MQTTnet's server on the silo's own listener (<see cref="MqttListener"/>,
/// with its socket settings) and the silo's bounded client queues, counting what those queues drop. Every login is
/// accepted: this measures moving messages, not authentication.
/// </summary>
public sealed class EmbeddedBrokerAlone : IAsyncDisposable
{
    private readonly MqttServer _server;
    private long _dropped;

    private EmbeddedBrokerAlone(MqttServer server)
    {
        _server = server;
        _server.ValidatingConnectionAsync += e =>
        {
            if (e.ChannelAdapter is GuardedChannel channel) channel.Accept(65_536);
            return Task.CompletedTask;
        };
        _server.QueuedApplicationMessageOverwrittenAsync += _ =>
        {
            Interlocked.Increment(ref _dropped);
            return Task.CompletedTask;
        };
    }

    /// <summary>Messages the bounded client queues dropped (the oldest first).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Listens on <paramref name="port"/>; <paramref name="socketSendBufferBytes"/> as <see cref="MqttOptions.SocketSendBufferBytes"/> (null: as shipped).</summary>
    public static async Task<EmbeddedBrokerAlone> StartAsync(int port, int? socketSendBufferBytes = null)
    {
        var options = new MqttOptions { BindAddress = "127.0.0.1", Port = port };
        if (socketSendBufferBytes is { } bytes) options.SocketSendBufferBytes = bytes;
        var listener = new MqttListener(Options.Create(options), new MqttSecurityMetrics(), NullLoggerFactory.Instance);
        var server = new MqttServerFactory().CreateMqttServer(
            EmbeddedMqttBroker.BoundClientQueues(new MqttServerOptionsBuilder().WithoutDefaultEndpoint()).Build(), [listener], new MqttNetNullLogger());
        var broker = new EmbeddedBrokerAlone(server);
        await server.StartAsync();
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptions());
        _server.Dispose();
    }
}
