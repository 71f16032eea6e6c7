using System.Diagnostics;

namespace GridDispatch.Benchmarks;

/// <summary>
/// mosquitto_sub on <c>gd/#</c>, counting the messages the broker delivered to it (one line each: the
/// telemetry payloads have no newline). A broker's ceiling is what reaches a subscriber, not the PUBACKs its
/// publishers got: a broker may acknowledge a message and then drop it from a full subscriber queue.
/// </summary>
public sealed class BareSubscriber : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _reading;
    private long _delivered;

    private BareSubscriber(Process process)
    {
        _process = process;
        _reading = Task.Run(CountLinesAsync);
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>
    /// Subscribes at <paramref name="qos"/>. At QoS 1 the broker waits for the subscriber's PUBACKs (mosquitto keeps 20 in flight), so one
    /// subscriber bounds what is delivered; at QoS 0 the broker forwards without waiting, which measures the broker itself.
    /// </summary>
    public static async Task<BareSubscriber> StartAsync(int port, string user, string password, int qos)
    {
        var process = Process.Start(new ProcessStartInfo("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", port.ToString(), "-u", user, "-P", password, "-i", $"ceiling-sub-{Guid.NewGuid():N}"[..23], "-q", qos.ToString(), "-t", "gd/#"])
        {
            RedirectStandardOutput = true,
        })!;
        var subscriber = new BareSubscriber(process);
        await Task.Delay(300); // subscribed before the load starts
        if (process.HasExited) throw new InvalidOperationException($"mosquitto_sub exited with {process.ExitCode}");
        return subscriber;
    }

    /// <summary>Waits until deliveries stop arriving (nothing new for 500 ms, at most 10 s), then returns how many arrived.</summary>
    public async Task<long> SettledAsync()
    {
        var deadline = Stopwatch.StartNew();
        var last = Delivered;
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(500);
            if (Delivered == last) break;
            last = Delivered;
        }

        return Delivered;
    }

    private async Task CountLinesAsync()
    {
        var buffer = new byte[64 * 1024];
        var stream = _process.StandardOutput.BaseStream;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
            Interlocked.Add(ref _delivered, buffer.AsSpan(0, read).Count((byte)'\n'));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _reading;
        _process.Dispose();
    }
}
