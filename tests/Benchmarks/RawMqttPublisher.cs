using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A lean MQTT 3.1.1 load generator, like emqtt-bench: one socket per connection, QoS 1 PUBLISH
/// packets written straight from reused buffers with up to <c>window</c> unacknowledged at a time,
/// PUBACKs counted as they arrive. A full client library spends more CPU per message than the broker
/// under test; on two shared cores that would measure the client, not the broker.
/// </summary>
public sealed class RawMqttPublisher : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _window;
    private readonly int _windowSize;
    private long _acknowledged;
    private long _sent;
    private int _nextPacketId;

    private RawMqttPublisher(Socket socket, int window)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _window = new SemaphoreSlim(window, window);
        _windowSize = window;
    }

    /// <summary>PUBACKs received: what the broker took (with the embedded broker, after the lamp grain applied it).</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>PUBLISH packets written to the socket.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public static async Task<RawMqttPublisher> ConnectAsync(int port, string clientId, string? user, string? password, int window)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        var publisher = new RawMqttPublisher(socket, window);
        await publisher._stream.WriteAsync(Connect(clientId, user, password));
        var connack = new byte[4];
        await publisher._stream.ReadExactlyAsync(connack);
        if (connack[0] != 0x20 || connack[3] != 0) throw new InvalidOperationException($"CONNACK refused: return code {connack[3]}");
        return publisher;
    }

    /// <summary>Publishes as fast as the window allows until <paramref name="until"/>; <paramref name="next"/> fills (topic, payload) for message n.</summary>
    public Task RunAsync(Func<long, (string Topic, string Payload)> next, Func<long> counter, CancellationToken until) =>
        RunPacedAsync(next, counter, double.PositiveInfinity, until);

    /// <summary>Publishes about <paramref name="perSecond"/> messages a second until <paramref name="until"/>, in 10 ms steps.</summary>
    public async Task RunPacedAsync(Func<long, (string Topic, string Payload)> next, Func<long> counter, double perSecond, CancellationToken until)
    {
        var reading = ReadAcksAsync();
        var buffer = new byte[4096];
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (await tick.WaitForNextTickAsync(until))
            {
                while (sent < clock.Elapsed.TotalSeconds * perSecond)
                {
                    await _window.WaitAsync(until);
                    var (topic, payload) = next(counter());
                    await _stream.WriteAsync(buffer.AsMemory(0, Publish(buffer, topic, payload, NextPacketId())), until);
                    sent++;
                    Interlocked.Increment(ref _sent);
                }
            }
        }
        catch (OperationCanceledException) { }

        // Let what is in flight be acknowledged (or not) before the count is read.
        await DrainAsync();
        _socket.Shutdown(SocketShutdown.Both);
        try { await reading; } catch (IOException) { } catch (ObjectDisposedException) { }
    }

    /// <summary>Publishes what <paramref name="queue"/> holds, as it arrives, until it is completed (a lamp fleet's answers, say).</summary>
    public async Task RunQueueAsync(System.Threading.Channels.ChannelReader<(string Topic, string Payload)> queue)
    {
        var reading = ReadAcksAsync();
        var buffer = new byte[4096];
        await foreach (var (topic, payload) in queue.ReadAllAsync())
        {
            await _window.WaitAsync();
            await _stream.WriteAsync(buffer.AsMemory(0, Publish(buffer, topic, payload, NextPacketId())));
            Interlocked.Increment(ref _sent);
        }

        await DrainAsync();
        _socket.Shutdown(SocketShutdown.Both);
        try { await reading; } catch (IOException) { } catch (ObjectDisposedException) { }
    }

    /// <summary>Waits (up to 2 s) until every message sent has been acknowledged.</summary>
    private async Task DrainAsync()
    {
        var drained = Task.Delay(2000);
        while (_window.CurrentCount < _windowSize && !drained.IsCompleted) await Task.Delay(10);
    }

    private async Task ReadAcksAsync()
    {
        var ack = new byte[4];
        while (true)
        {
            var read = await _stream.ReadAtLeastAsync(ack, 4, throwOnEndOfStream: false);
            if (read < 4) return;
            if (ack[0] != 0x40) throw new InvalidDataException($"expected PUBACK, got packet type {ack[0] >> 4}");
            Interlocked.Increment(ref _acknowledged);
            _window.Release();
        }
    }

    private ushort NextPacketId() => (ushort)(Interlocked.Increment(ref _nextPacketId) % 65535 + 1);

    private static byte[] Connect(string clientId, string? user, string? password)
    {
        var body = new List<byte> { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4 };
        byte flags = 0x02; // clean session
        if (user is not null) flags |= 0x80;
        if (password is not null) flags |= 0x40;
        body.Add(flags);
        body.AddRange([0, 60]); // keep-alive seconds
        AddString(body, clientId);
        if (user is not null) AddString(body, user);
        if (password is not null) AddString(body, password);
        var packet = new List<byte> { 0x10 };
        AddLength(packet, body.Count);
        packet.AddRange(body);
        return [.. packet];
    }

    /// <summary>Writes a QoS 1 PUBLISH into <paramref name="buffer"/>; returns its length.</summary>
    private static int Publish(byte[] buffer, string topic, string payload, ushort packetId)
    {
        var topicBytes = Encoding.UTF8.GetByteCount(topic);
        var payloadBytes = Encoding.UTF8.GetByteCount(payload);
        var remaining = 2 + topicBytes + 2 + payloadBytes;
        var at = 0;
        buffer[at++] = 0x32;
        do
        {
            var digit = (byte)(remaining % 128);
            remaining /= 128;
            buffer[at++] = remaining > 0 ? (byte)(digit | 0x80) : digit;
        } while (remaining > 0);

        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), (ushort)topicBytes);
        at += 2;
        at += Encoding.UTF8.GetBytes(topic, buffer.AsSpan(at));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), packetId);
        at += 2;
        at += Encoding.UTF8.GetBytes(payload, buffer.AsSpan(at));
        return at;
    }

    private static void AddString(List<byte> to, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        to.Add((byte)(bytes.Length >> 8));
        to.Add((byte)bytes.Length);
        to.AddRange(bytes);
    }

    private static void AddLength(List<byte> to, int length)
    {
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            to.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        } while (length > 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _window.Dispose();
    }
}
