using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Adapter;
using MQTTnet.AspNetCore;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// The embedded broker's TCP listener: ASP.NET Core's socket transport and MQTTnet's pipe-based channel,
/// with a <see cref="MqttPacketGate"/> on every connection, instead of MQTTnet's own listener, which reads
/// whole packets of any size before anything can look at them. What a connection may hold before its login
/// is bounded: its CONNECT (<see cref="MqttOptions.MaxConnectPacketBytes"/>) and the socket's read buffer,
/// for at most <see cref="MqttOptions.MaxPendingConnections"/> connections at a time (more are closed at once).
/// </summary>
public sealed partial class MqttListener(IOptions<MqttOptions> options, MqttSecurityMetrics metrics, ILoggerFactory loggers) : IMqttServerAdapter
{
    private readonly ILogger _logger = loggers.CreateLogger<MqttListener>();
    private IConnectionListener? _listener;
    private MqttServerOptions? _serverOptions;
    private Task _accepting = Task.CompletedTask;
    private int _pending;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public int Pending => Volatile.Read(ref _pending);

    public async Task StartAsync(MqttServerOptions serverOptions, IMqttNetLogger logger)
    {
        _serverOptions = serverOptions;
        var o = options.Value;
        // The socket stops reading past this many unread bytes: at most one packet of the largest allowed size.
        var transport = new SocketTransportFactory(
            Options.Create(new SocketTransportOptions
            {
                MaxReadBufferSize = Math.Max(o.MaxConnectPacketBytes, o.MaxPacketBytes) + 4096,
                NoDelay = true,
                CreateBoundListenSocket = endpoint => ListenSocket(endpoint, o.SocketSendBufferBytes),
            }), loggers);
        _listener = await transport.BindAsync(new IPEndPoint(IPAddress.Parse(o.BindAddress), o.Port));
        _accepting = AcceptAsync(_listener);
    }

    /// <summary>Accepted connections inherit the listen socket's send buffer (Linux copies it on accept).</summary>
    private static Socket ListenSocket(EndPoint endpoint, int sendBufferBytes)
    {
        var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        if (sendBufferBytes > 0) socket.SendBufferSize = sendBufferBytes;
        return socket;
    }

    private async Task AcceptAsync(IConnectionListener listener)
    {
        while (true)
        {
            ConnectionContext? connection;
            try { connection = await listener.AcceptAsync(); }
            catch (ObjectDisposedException) { return; }
            if (connection is null) return; // unbound
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(ConnectionContext connection)
    {
        var o = options.Value;
        var pending = Interlocked.Increment(ref _pending);
        var stillPending = 1;
        void LeavePending()
        {
            if (Interlocked.Exchange(ref stillPending, 0) == 1) Interlocked.Decrement(ref _pending);
        }

        try
        {
            if (pending > o.MaxPendingConnections || ClientHandler is not { } handler)
            {
                metrics.ConnectionCut("too_many_pending");
                connection.Abort();
                return;
            }

            var gate = new MqttPacketGate(connection.Transport.Input, o.MaxConnectPacketBytes);
            connection.Transport = new DuplexPipe(gate, connection.Transport.Output);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_serverOptions!.WriterBufferSize, _serverOptions.WriterBufferSizeMax));
            using var channel = new GuardedChannel(new MqttConnectionContext(formatter, connection), gate);
            channel.LoggedIn += LeavePending;
            try { await handler(channel); }
            finally
            {
                if (gate.Refusal is { } refusal)
                {
                    connection.Abort();
                    metrics.ConnectionCut(channel.Authenticated ? "packet_too_large" : "before_login");
                    LogCut(connection.RemoteEndPoint?.ToString() ?? "?", refusal);
                }
            }
        }
        catch (Exception error) when (error is ConnectionAbortedException or IOException or OperationCanceledException)
        {
            // The peer went away or was cut: nothing more to do.
        }
        finally
        {
            LeavePending();
            // Disposing flushes what MQTTnet wrote last (a refused CONNECT's CONNACK says why); only a cut connection is aborted.
            await connection.Transport.Output.CompleteAsync();
            await connection.DisposeAsync();
        }
    }

    public async Task StopAsync()
    {
        if (_listener is null) return;
        await _listener.UnbindAsync();
        await _accepting;
        await _listener.DisposeAsync();
        _listener = null;
    }

    public void Dispose() => _listener?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT connection from {Endpoint} cut: {Reason}")]
    private partial void LogCut(string endpoint, string reason);
}
