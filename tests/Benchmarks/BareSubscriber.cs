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
    private readonly List<double>? _latencies;
    private long _delivered;

    private BareSubscriber(Process process, bool stamped)
    {
        _process = process;
        _latencies = stamped ? new List<double>(1_000_000) : null;
        _reading = Task.Run(stamped ? ReadStampedAsync : CountLinesAsync);
    }

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>mosquitto_sub's process, for its CPU.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Subscribes at <paramref name="qos"/>. At QoS 1 the broker waits for the subscriber's PUBACKs (mosquitto keeps 20 in flight), so one
    /// subscriber bounds what is delivered; at QoS 0 the broker forwards without waiting, which measures the broker itself.
    /// <paramref name="stamped"/>: each payload starts with its send time (<see cref="Stamp"/>), and each arrival's latency is kept.
    /// </summary>
    public static async Task<BareSubscriber> StartAsync(int port, string user, string password, int qos, string topic = "gd/#", bool stamped = false)
    {
        string[] format = stamped ? ["-F", "%U %p"] : []; // %U: when mosquitto_sub got it, Unix seconds with nanoseconds
        var process = Process.Start(new ProcessStartInfo("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", port.ToString(), "-u", user, "-P", password, "-i", $"ceiling-sub-{Guid.NewGuid():N}"[..23], "-q", qos.ToString(), "-t", topic, .. format])
        {
            RedirectStandardOutput = true,
        })!;
        var subscriber = new BareSubscriber(process, stamped);
        await Task.Delay(300); // subscribed before the load starts
        if (process.HasExited) throw new InvalidOperationException($"mosquitto_sub exited with {process.ExitCode}");
        return subscriber;
    }

    /// <summary>A payload of <paramref name="bytes"/> that starts with the wall clock now (Unix microseconds), as a stamped subscriber reads it.</summary>
    public static byte[] Stamp(int bytes) =>
        System.Text.Encoding.ASCII.GetBytes(((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10).ToString().PadRight(bytes, '.'));

    /// <summary>The stamped arrivals' latencies, sorted (ms).</summary>
    public List<double> Latencies()
    {
        lock (_latencies!) return [.. _latencies.Order()];
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

    private async Task ReadStampedAsync()
    {
        var reader = _process.StandardOutput;
        while (await reader.ReadLineAsync() is { } line)
        {
            // "1470818943.786368637 1470818943786301....": received (s.ns), then the payload's send time (µs)
            Interlocked.Increment(ref _delivered);
            var space = line.IndexOf(' ');
            var dot = line.IndexOf('.');
            if (space < 0 || dot < 0 || dot > space) continue;
            var receivedUs = long.Parse(line.AsSpan(0, dot)) * 1_000_000 + long.Parse(line.AsSpan(dot + 1, 6));
            var end = line.IndexOf('.', space + 1);
            if (!long.TryParse(line.AsSpan(space + 1, (end < 0 ? line.Length : end) - space - 1), out var sentUs)) continue;
            lock (_latencies!) _latencies.Add((receivedUs - sentUs) / 1000.0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _reading;
        _process.Dispose();
    }
}
