using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// Issue 8, slow-loris: clients that open a connection and then trickle their first bytes, one every half
/// second, on each listener (HTTP, gRPC's HTTP/2, MQTT). The server cuts each off within its timeout
/// (set to 3 s here; 30 s and 10 s by default) and serves well-behaved clients meanwhile.
/// </summary>
public sealed class SlowClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int PerListener = 40;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly string _folder = RepositoryPaths.NewTempFolder("slow");
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "slow.db"),
        $"--Kestrel:Limits:RequestHeadersTimeout={Timeout}", $"--Mqtt:CommunicationTimeout={Timeout}");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Slow_clients_on_every_listener_are_cut_off_and_others_are_served_meanwhile()
    {
        var listeners = new (string Name, int Port, byte[] Opening)[]
        {
            ("HTTP", _silo.BaseAddress.Port, Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")),
            ("gRPC (HTTP/2)", _silo.GrpcPort, Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0")),
            ("MQTT", _silo.MqttPort, [0x10, 0x7F, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0xC2, 0x00, 0x3C, 0x00, 0x20]),
        };
        var slow = listeners.SelectMany(l => Enumerable.Range(0, PerListener).Select(_ => (l.Name, Cut: TrickleAsync(l.Port, l.Opening)))).ToList();

        // Meanwhile, the well-behaved are served.
        await Task.Delay(1_000);
        using var http = new HttpClient { BaseAddress = _silo.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var httpServedIn = clock.Elapsed;
        using var lamp = new MqttClientFactory().CreateMqttClient();
        await lamp.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _silo.MqttPort).WithClientId("yimen-L0799")
            .WithCredentials("yimen-L0799", "demo").WithTimeout(TimeSpan.FromSeconds(2)).Build());
        Assert.True((await lamp.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("gd/yimen/lamp/yimen-L0799/telemetry")
            .WithPayload($$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true}""").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())).IsSuccess);

        foreach (var group in slow.GroupBy(s => s.Name))
        {
            var cut = await Task.WhenAll(group.Select(s => s.Cut));
            output.WriteLine($"{group.Key}: {cut.Length} slow clients cut off after {cut.Min().TotalSeconds:F1}–{cut.Max().TotalSeconds:F1} s");
            Assert.All(cut, after => Assert.True(after < Timeout * 4, $"{group.Key}: a slow client lasted {after.TotalSeconds:F1} s"));
        }

        output.WriteLine($"a good HTTP request was served in {httpServedIn.TotalMilliseconds:F0} ms meanwhile");
    }

    /// <summary>Sends the opening one byte every 500 ms (then keeps trickling), and returns how long the server let it go on.</summary>
    private static async Task<TimeSpan> TrickleAsync(int port, byte[] opening)
    {
        var clock = Stopwatch.StartNew();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var closed = ReadUntilClosedAsync(stream);
        for (var i = 0; !closed.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(30); i++)
        {
            try { await stream.WriteAsync(opening.AsMemory(i % opening.Length, 1)); }
            catch (IOException) { break; }
            await Task.WhenAny(closed, Task.Delay(500));
        }

        await Task.WhenAny(closed, Task.Delay(TimeSpan.FromSeconds(5)));
        return clock.Elapsed;
    }

    private static async Task ReadUntilClosedAsync(NetworkStream stream)
    {
        var buffer = new byte[1024];
        try { while (await stream.ReadAsync(buffer) > 0) { } }
        catch (IOException) { }
    }
}
