using System.Net.Sockets;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>
/// While garbage, refused logins, wrong topics, unknown lamps, replays and 1,000 dropped connections
/// hit the broker, a well-behaved lamp on the same broker keeps being served. The connection cap is
/// set low (50) so a leak of places would show.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const int Cap = 50;
    private readonly string _folder = RepositoryPaths.NewTempFolder("hostile");
    private SiloWithClient _host = null!;

    private SiloProcess Silo => _host.Silo;

    public async Task InitializeAsync() =>
        // Every client here shares 127.0.0.1: the per-address throttle of failed logins is raised so the 200 wrong
        // passwords do not shut out the good lamp too (SecurityMqttThrottleTests covers the throttle).
        _host = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "hostile.db"), $"--Mqtt:MaxConnections={Cap}",
            "--Mqtt:FailedConnectsPerAddress=100000", "--Mqtt:FailedConnectsPerUser=100000");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string[] As(string user, string password, string clientId, params string[] rest) =>
        ["-h", "127.0.0.1", "-p", Silo.MqttPort.ToString(), "-u", user, "-P", password, "-i", clientId, .. rest];

    [Fact]
    public async Task A_well_behaved_lamp_keeps_being_served_through_a_storm_of_hostile_input()
    {
        using var stop = new CancellationTokenSource();
        var goodLamp = WellBehavedLamp(stop.Token);

        await Task.WhenAll(
            OpenAndDrop(1_000),
            Garbage(100),
            Repeat(200, i => Mosquitto.PubAsync(As("yimen-L0502", "guess", $"bad-{i}", "-t", "gd/yimen/lamp/yimen-L0502/telemetry", "-m", "{}"))),
            Repeat(20, i => Mosquitto.PubAsync(As("admin", "demo", $"admin-{i}", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0501/nonsense", "-m", "{}"))),
            Repeat(20, i => Mosquitto.PubAsync(As("admin", "demo", $"admin-u-{i}", "-q", "1", "-t", "gd/yimen/lamp/yimen-L9999/telemetry", "-m", "{\"ts\":1764000000000}"))),
            Replays());

        await stop.CancelAsync();
        var (sent, acknowledged) = await goodLamp;
        Assert.True(sent >= 5, $"the good lamp only got {sent} reports out");
        Assert.Equal(sent, acknowledged);
        var lamp = (await _host.Grains.GetGrain<IStreetlightGrain>("yimen-L0501").GetSnapshot())!;
        Assert.Equal(73, lamp.Brightness); // its last report is in

        // No place was leaked by the refused logins: a lamp still gets in under the cap of 50.
        Assert.Equal(0, (await Mosquitto.PubAsync(As("yimen-L0503", "demo", "after", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0503/telemetry",
            "-m", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true}"""))).ExitCode);
        using var http = new HttpClient { BaseAddress = Silo.ManagementAddress };
        string[] reasons = ["topic", "unknown_lamp", "stale"];
        await Eventually.Holds(() => http.GetStringAsync("/metrics"), m => reasons.All(r => m.Contains($"reason=\"{r}\"")), what: "drops counted by reason");
    }

    /// <summary>Reports every 100 ms (QoS 1) until told to stop; returns how many were sent and acknowledged.</summary>
    private async Task<(int Sent, int Acknowledged)> WellBehavedLamp(CancellationToken stop)
    {
        var (sent, acknowledged) = (0, 0);
        while (!stop.IsCancellationRequested || sent < 5)
        {
            var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            sent++;
            var result = await Mosquitto.PubAsync(As("yimen-L0501", "demo", $"good-{sent}", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0501/telemetry",
                "-m", $$"""{"ts":{{ts}},"on":true,"brightness":73,"voltage":221,"current":0.4}"""));
            if (result.ExitCode == 0) acknowledged++;
            await Task.Delay(100, CancellationToken.None);
        }

        return (sent, acknowledged);
    }

    private async Task OpenAndDrop(int count)
    {
        for (var i = 0; i < count; i += 50)
            await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", Silo.MqttPort);
            }));
    }

    /// <summary>Bytes that are not MQTT: a CONNECT with an impossible remaining length, then noise.</summary>
    private async Task Garbage(int count)
    {
        byte[] junk = [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x42, 0x42, 0x42];
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync("127.0.0.1", Silo.MqttPort);
            try { await socket.GetStream().WriteAsync(junk); await Task.Delay(50); } catch (IOException) { /* the broker hung up: good */ }
        }));
    }

    /// <summary>The same report five times (taken once, the repeats acknowledged as duplicates), then an older one (stale, dropped).</summary>
    private async Task Replays()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var message = $$"""{"ts":{{now}},"on":true}""";
        for (var i = 0; i < 5; i++)
            await Mosquitto.PubAsync(As("yimen-L0504", "demo", $"replay-{i}", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0504/telemetry", "-m", message));
        await Mosquitto.PubAsync(As("yimen-L0504", "demo", "replay-old", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0504/telemetry", "-m", $$"""{"ts":{{now - 60_000}},"on":true}"""));
    }

    private static async Task Repeat(int count, Func<int, Task> action)
    {
        for (var i = 0; i < count; i += 10) await Task.WhenAll(Enumerable.Range(i, Math.Min(10, count - i)).Select(action));
    }
}
