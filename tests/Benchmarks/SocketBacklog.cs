using System.Globalization;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Where a broker's backlog sits, from the kernel's own figures (<c>/proc/net/tcp</c>): bytes written but not yet
/// acknowledged by the peer (tx_queue) and bytes received but not yet read by the application (rx_queue), summed
/// over the broker's side and the clients' side of every loopback connection to one port, sampled every 50 ms,
/// peaks kept. A backlog in these buffers is one no MQTT queue counts or drops.
/// </summary>
public sealed class SocketBacklog : IAsyncDisposable
{
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private SocketBacklog(int port)
    {
        _port = port;
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>Peak bytes the broker had not read (from publishers) / not had acknowledged (to subscribers).</summary>
    public long BrokerUnread { get; private set; }
    public long BrokerUnsent { get; private set; }

    /// <summary>Peak bytes the clients had not read (the subscriber's) / not had acknowledged (the publishers').</summary>
    public long ClientsUnread { get; private set; }
    public long ClientsUnsent { get; private set; }

    public static SocketBacklog Watch(int port) => new(port);

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                long brokerTx = 0, brokerRx = 0, clientTx = 0, clientRx = 0;
                foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
                {
                    if (!File.Exists(file)) continue;
                    foreach (var line in File.ReadLines(file).Skip(1))
                    {
                        // sl local_address rem_address st tx_queue:rx_queue …; addresses are HEXIP:HEXPORT
                        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (f.Length < 5 || f[3] != "01") continue; // established only
                        var queues = f[4].Split(':');
                        var tx = long.Parse(queues[0], NumberStyles.HexNumber);
                        var rx = long.Parse(queues[1], NumberStyles.HexNumber);
                        if (PortOf(f[1]) == _port) { brokerTx += tx; brokerRx += rx; }
                        else if (PortOf(f[2]) == _port) { clientTx += tx; clientRx += rx; }
                    }
                }

                BrokerUnsent = Math.Max(BrokerUnsent, brokerTx);
                BrokerUnread = Math.Max(BrokerUnread, brokerRx);
                ClientsUnsent = Math.Max(ClientsUnsent, clientTx);
                ClientsUnread = Math.Max(ClientsUnread, clientRx);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int PortOf(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber);

    /// <summary>The four peaks in KB: publishers' unsent, broker's unread, broker's unsent, subscriber's unread.</summary>
    public string Kilobytes => $"{ClientsUnsent / 1024:N0} / {BrokerUnread / 1024:N0} / {BrokerUnsent / 1024:N0} / {ClientsUnread / 1024:N0}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
