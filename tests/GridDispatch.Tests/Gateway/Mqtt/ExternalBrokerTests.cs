using System.Text.Json;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>The gateway ingesting from a real mosquitto that authenticates devices and enforces the ACL.</summary>
public sealed class ExternalBrokerTests : IAsyncLifetime
{
    private const string Acl = """
        user griddispatch-gateway
        topic readwrite gd/#

        pattern write gd/+/lamp/%u/telemetry
        pattern write gd/+/lamp/%u/event
        pattern write gd/+/lamp/%u/status
        pattern write gd/+/lamp/%u/cmd/ack
        pattern read gd/+/lamp/%u/cmd
        """;

    private readonly string _folder = RepositoryPaths.NewTempFolder("external-broker");
    private MosquittoServer _mosquitto = null!;
    private SiloWithClient _host = null!;

    public async Task InitializeAsync()
    {
        _mosquitto = await MosquittoServer.StartAsync(new Dictionary<string, string>
        {
            ["griddispatch-gateway"] = "gateway-secret", ["yimen-L0601"] = "lamp-secret", ["yimen-L0602"] = "lamp-secret",
        }, Acl);
        _host = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "external.db"), "--Mqtt:Embedded=false",
            $"--Mqtt:External:Port={_mosquitto.Port}", "--Mqtt:External:Username=griddispatch-gateway", "--Mqtt:External:Password=gateway-secret");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _mosquitto.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private IStreetlightGrain Lamp(string id) => _host.Grains.GetGrain<IStreetlightGrain>(id);

    private string[] As(string lamp, string clientId, params string[] rest) =>
        ["-h", "127.0.0.1", "-p", _mosquitto.Port.ToString(), "-u", lamp, "-P", "lamp-secret", "-i", clientId, .. rest];

    private Task<Mosquitto.Result> Report(string lamp, string topicLamp, string extra) => Mosquitto.PubAsync(As(lamp, $"{lamp}-{Guid.NewGuid():N}"[..20], "-q", "1",
        "-t", $"gd/yimen/lamp/{topicLamp}/telemetry", "-m", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"voltage":221,"current":0.4{{extra}}}"""));

    [Fact]
    public async Task Lamps_publishing_to_mosquitto_reach_their_grains_and_mosquitto_keeps_them_to_their_own_topics()
    {
        // The gateway subscribes shortly after start: report until it is ingested.
        await Eventually.Holds(async () => { await Report("yimen-L0601", "yimen-L0601", ",\"brightness\":40"); return await Lamp("yimen-L0601").GetSnapshot(); },
            s => s!.Brightness == 40, TimeSpan.FromSeconds(20), "first report ingested through mosquitto");

        Assert.Equal(0, (await Report("yimen-L0601", "yimen-L0601", ",\"leakageMa\":41")).ExitCode);
        var alarm = await Eventually.Holds(() => Lamp("yimen-L0601").GetSnapshot(), s => s!.OpenAlarms.Count > 0, what: "LEAKAGE alarm");
        Assert.Equal(FaultCode.LEAKAGE, alarm!.OpenAlarms[0].Code);

        // mosquitto's ACL drops a publish on another lamp's topic (silently under MQTT 3.1.1).
        await Report("yimen-L0601", "yimen-L0602", ",\"brightness\":99");
        await Report("yimen-L0601", "yimen-L0601", ",\"brightness\":41");
        await Eventually.Holds(() => Lamp("yimen-L0601").GetSnapshot(), s => s!.Brightness == 41, what: "a later good report ingested");
        Assert.Null((await Lamp("yimen-L0602").GetSnapshot())!.Brightness);

        // Telemetry reaches the grains in batches, but each report is judged alone: a bad one is refused and counted, and its lamp's next one taken.
        var before = (await GatewayMetrics.ReadAsync(_host.Silo.ManagementAddress)).Sum("griddispatch_mqtt_dropped_total");
        foreach (var (lamp, bad) in new[] { ("yimen-L0601", "{\"ts\":"), ("yimen-L0602", "{\"on\":true}") }) // not JSON; no ts
            Assert.Equal(0, (await Mosquitto.PubAsync(As(lamp, $"bad-{Guid.NewGuid():N}"[..20], "-q", "1", "-t", $"gd/yimen/lamp/{lamp}/telemetry", "-m", bad))).ExitCode);
        await Eventually.Holds(() => GatewayMetrics.ReadAsync(_host.Silo.ManagementAddress), m => m.Sum("griddispatch_mqtt_dropped_total") - before == 2,
            TimeSpan.FromSeconds(10), "both bad reports counted as refused");
        await Report("yimen-L0601", "yimen-L0601", ",\"brightness\":42");
        await Eventually.Holds(() => Lamp("yimen-L0601").GetSnapshot(), s => s!.Brightness == 42, what: "the lamp's next good report ingested");
    }

    [Fact]
    public async Task Commands_go_out_through_mosquitto_to_the_lamp()
    {
        var listening = Mosquitto.SubAsync(TimeSpan.FromSeconds(15), As("yimen-L0602", "l0602-sub", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0602/cmd", "-C", "1"));
        await Task.Delay(1500);
        // Retry until the gateway's connection is up (the grain re-issues pending commands only when the lamp speaks).
        var sent = await Eventually.Holds(() => Lamp("yimen-L0602").SetBrightness(30, "admin"), r => r.Ok, what: "command accepted");
        var received = await listening;

        Assert.Equal(0, received.ExitCode);
        using var json = JsonDocument.Parse(received.Output);
        Assert.Equal(30, json.RootElement.GetProperty("brightness").GetInt32());
        Assert.StartsWith("yimen-L0602-c", json.RootElement.GetProperty("cmdId").GetString());
    }
}
