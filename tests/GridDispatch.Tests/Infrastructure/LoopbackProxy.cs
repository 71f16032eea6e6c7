using System.Net;
using System.Net.Sockets;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A TCP relay on a free loopback port that can cut every connection through it at once: a dropped network, on demand.</summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LoopbackProxy(int targetPort)
    {
        _listener.Start();
        _accepting = AcceptAsync(targetPort);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public void DropAll()
    {
        lock (_open)
        {
            foreach (var client in _open) client.Client?.Close(0); // RST, not a polite FIN
            _open.Clear();
        }
    }

    private async Task AcceptAsync(int targetPort)
    {
        try
        {
            while (true)
            {
                var inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
                var outbound = new TcpClient();
                await outbound.ConnectAsync(IPAddress.Loopback, targetPort);
                lock (_open) _open.AddRange([inbound, outbound]);
                _ = Relay(inbound, outbound);
                _ = Relay(outbound, inbound);
            }
        }
        catch (OperationCanceledException) { }
    }

    private static async Task Relay(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream()); }
        catch (Exception) { /* dropped */ }
        finally { to.Close(); from.Close(); }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        await _accepting;
    }
}
