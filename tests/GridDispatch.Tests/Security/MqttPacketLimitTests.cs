using System.Diagnostics;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Security;

/// <summary>
/// Unauthenticated memory exhaustion on MQTT: CONNECTs announcing 63 MB, then a trickle, must be cut from
/// their header, before anything is buffered, while a good client is still served; connections that never
/// log in are limited in number.
/// </summary>
public sealed class MqttPacketLimitTests(MqttPacketLimitTests.LimitsSilo limits, ITestOutputHelper output) : IClassFixture<MqttPacketLimitTests.LimitsSilo>
{
    private const int Pending = 20;
    private SiloProcess Silo => limits.Silo;

    /// <summary>One silo for the class, with a small pending-connection limit; each test closes what it opened.</summary>
    public sealed class LimitsSilo : IAsyncLifetime
    {
        private readonly string _folder = RepositoryPaths.NewTempFolder("mqtt-limits");

        public SiloProcess Silo { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Silo = await SiloProcess.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "limits.db"), $"--Mqtt:MaxPendingConnections={Pending}");

        public async Task DisposeAsync()
        {
            await Silo.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private long RssBytes() => Process.GetProcessById(Silo.ProcessId).WorkingSet64;

    private static byte[] HugeConnectHeader() => [0x10, .. RawMqtt.RemainingLength(63 * 1024 * 1024), 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04];

    [Fact]
    public async Task Connects_announcing_63_MB_are_cut_at_their_header_and_a_good_client_is_still_served()
    {
        var before = RssBytes();
        var clock = Stopwatch.StartNew();
        var attackers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RawMqtt.OpenAsync(Silo.MqttPort)));
        await Task.WhenAll(attackers.Select(a => a.SendAsync(HugeConnectHeader())));
        // The trickle that follows: a kilobyte, a few bytes at a time, until the broker hangs up.
        var trickles = attackers.Select(async a =>
        {
            try
            {
                for (var i = 0; i < 100; i++)
                {
                    await a.SendAsync(new byte[10]);
                    await Task.Delay(50);
                }
            }
            catch (IOException) { /* cut: what we expect */ }
        }).ToList();
        var closed = await Task.WhenAll(attackers.Select(a => a.ClosedWithin(TimeSpan.FromSeconds(5))));
        var cutAfter = clock.Elapsed;
        await Task.WhenAll(trickles);
        Assert.All(closed, Assert.True);

        var good = await Mosquitto.PubAsync("-h", "127.0.0.1", "-p", Silo.MqttPort.ToString(), "-u", "yimen-L0501", "-P", "demo", "-i", "yimen-L0501", "-q", "1",
            "-t", "gd/yimen/lamp/yimen-L0501/telemetry", "-m", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true}""");
        Assert.Equal(0, good.ExitCode);
        var after = RssBytes();
        output.WriteLine($"4 CONNECTs of 63 MB: cut after {cutAfter.TotalMilliseconds:F0} ms; RSS {before / 1048576.0:F1} MB before, {after / 1048576.0:F1} MB after ({(after - before) / 1048576.0:+0.0;-0.0} MB)");
        foreach (var attacker in attackers) await attacker.DisposeAsync();

        using var http = new HttpClient { BaseAddress = Silo.ManagementAddress };
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("griddispatch_mqtt_connections_cut_total", metrics);
    }

    [Fact]
    public async Task A_logged_in_lamp_sending_a_packet_over_its_limit_is_cut_from_the_header()
    {
        await using var lamp = await RawMqtt.OpenAsync(Silo.MqttPort);
        await lamp.SendAsync(RawMqtt.Connect(4, "yimen-L0502", "yimen-L0502", "demo"));
        Assert.Equal(0x20, (await lamp.ReadAsync(TimeSpan.FromSeconds(10)))!.Value.Header);
        // A PUBLISH announcing 10 MB (the lamp's limit is 64 KiB): only its first bytes are sent.
        await lamp.SendAsync([0x30, .. RawMqtt.RemainingLength(10 * 1024 * 1024), 0x00, 0x01, (byte)'x']);
        Assert.True(await lamp.ClosedWithin(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Connections_that_never_log_in_are_limited_in_number()
    {
        // The broker serves (on a loaded machine it may start a moment after /readyz): then the count starts at zero.
        await Eventually.Holds(() => Mosquitto.PubAsync("-h", "127.0.0.1", "-p", Silo.MqttPort.ToString(), "-u", "yimen-L0504", "-P", "demo", "-i", "yimen-L0504",
            "-q", "1", "-t", "gd/yimen/lamp/yimen-L0504/telemetry", "-m", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true}"""),
            r => r.ExitCode == 0, TimeSpan.FromSeconds(30), "the broker serving");
        var idle = await Task.WhenAll(Enumerable.Range(0, Pending).Select(_ => RawMqtt.OpenAsync(Silo.MqttPort)));
        await Task.Delay(500);
        Assert.True(await RefusedOrClosedAsync(), "a connection past the pending limit was kept");

        // Once the idle ones are gone, logins work again.
        foreach (var connection in idle) await connection.DisposeAsync();
        await Eventually.Holds(() => Mosquitto.PubAsync("-h", "127.0.0.1", "-p", Silo.MqttPort.ToString(), "-u", "yimen-L0503", "-P", "demo", "-i", "yimen-L0503",
            "-q", "1", "-t", "gd/yimen/lamp/yimen-L0503/telemetry", "-m", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true}"""),
            r => r.ExitCode == 0, TimeSpan.FromSeconds(30), "a lamp served after the idle connections left");
    }

    /// <summary>A connection past the limit is either reset while connecting (the broker hangs up at once) or closed soon after.</summary>
    private async Task<bool> RefusedOrClosedAsync()
    {
        RawMqtt extra;
        try { extra = await RawMqtt.OpenAsync(Silo.MqttPort); }
        catch (System.Net.Sockets.SocketException) { return true; }
        await using (extra) return await extra.ClosedWithin(TimeSpan.FromSeconds(3));
    }
}
