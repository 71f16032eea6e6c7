using System.Net.Sockets;
using System.Text;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>MQTT packets written byte by byte, for what well-behaved clients refuse to send (wildcard topics, empty client ids, huge headers).</summary>
public sealed class RawMqtt : IAsyncDisposable
{
    private readonly TcpClient _socket = new();
    private NetworkStream _stream = null!;

    public static async Task<RawMqtt> OpenAsync(int port)
    {
        var raw = new RawMqtt();
        await raw._socket.ConnectAsync("127.0.0.1", port);
        raw._stream = raw._socket.GetStream();
        return raw;
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>CONNECT; <paramref name="version"/> 4 is MQTT 3.1.1, 5 is MQTT 5.</summary>
    public static byte[] Connect(int version, string clientId, string user, string password, bool clean = true)
    {
        var body = new List<byte>();
        body.AddRange(Str("MQTT"));
        body.Add((byte)version);
        body.Add((byte)(0xC0 | (clean ? 0x02 : 0)));
        body.AddRange([0, 30]);
        if (version == 5) body.Add(0); // no properties
        body.AddRange(Str(clientId));
        body.AddRange(Str(user));
        body.AddRange(Str(password));
        return Packet(0x10, body);
    }

    /// <summary>A QoS 1 PUBLISH with the topic's raw bytes (which may be invalid UTF-8).</summary>
    public static byte[] Publish(int version, byte[] topic, string payload, ushort packetId = 1)
    {
        var body = new List<byte> { (byte)(topic.Length >> 8), (byte)topic.Length };
        body.AddRange(topic);
        body.AddRange([(byte)(packetId >> 8), (byte)packetId]);
        if (version == 5) body.Add(0);
        body.AddRange(Encoding.UTF8.GetBytes(payload));
        return Packet(0x32, body);
    }

    /// <summary>Reads one packet (fixed header byte and body), or null if the broker closed the connection.</summary>
    public async Task<(byte Header, byte[] Body)?> ReadAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var header = await ReadExactly(1, deadline.Token);
            if (header is null) return null;
            int length = 0, shift = 0;
            while (true)
            {
                var b = await ReadExactly(1, deadline.Token);
                if (b is null) return null;
                length |= (b[0] & 0x7F) << shift;
                shift += 7;
                if ((b[0] & 0x80) == 0) break;
            }

            var body = length == 0 ? [] : await ReadExactly(length, deadline.Token);
            return body is null ? null : (header[0], body);
        }
        catch (IOException) { return null; }
    }

    /// <summary>True if the broker closed the connection within <paramref name="timeout"/> (anything it sent first is skipped).</summary>
    public async Task<bool> ClosedWithin(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await _stream.ReadAsync(buffer, deadline.Token) > 0) { }
            return true;
        }
        catch (IOException) { return true; }
        catch (OperationCanceledException) { return false; }
    }

    private async Task<byte[]?> ReadExactly(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        try { await _stream.ReadExactlyAsync(buffer, cancellationToken); }
        catch (EndOfStreamException) { return null; }
        return buffer;
    }

    public static byte[] Packet(byte header, List<byte> body) => [header, .. RemainingLength(body.Count), .. body];

    public static byte[] RemainingLength(int length)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            if (length > 0) b |= 0x80;
            bytes.Add(b);
        } while (length > 0);
        return [.. bytes];
    }

    private static byte[] Str(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [(byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
