using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>
/// Issue 22, overload without silent loss, through mosquitto: telemetry comes far faster than the gateway takes
/// it (a test setting makes each report wait 20 ms), while lamps send fault events. Every event reaches its lamp;
/// telemetry is shed by the gateway (the newest report per lamp wins), counted, and every report is accounted for.
/// </summary>
public sealed class ExternalBrokerOverloadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ReportsPerLamp = 100;
    private static readonly string[] Lamps = [.. DemoTownships.All().First(t => t.Id == "yimen").Lamps.Select(l => l.Id).Skip(300).Take(40)];
    private static readonly string[] Flooded = Lamps[..20], Faulty = Lamps[20..];
    private readonly string _folder = RepositoryPaths.NewTempFolder("broker-overload");
    private MosquittoServer _mosquitto = null!;
    private SiloWithClient _host = null!;

    public async Task InitializeAsync()
    {
        // sys_interval 1: mosquitto publishes its $SYS counts every second (10 s by default).
        _mosquitto = await MosquittoServer.StartAsync(new Dictionary<string, string> { ["griddispatch-gateway"] = "gateway-secret" },
            "user griddispatch-gateway\ntopic readwrite gd/#\ntopic read $SYS/broker/publish/messages/#\n", extraConfig: "sys_interval 1");
        _host = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "overload.db"), "--Mqtt:Embedded=false",
            $"--Mqtt:External:Port={_mosquitto.Port}", "--Mqtt:External:Username=griddispatch-gateway", "--Mqtt:External:Password=gateway-secret",
            "--Mqtt:External:TelemetryIngestDelay=00:00:00.020");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _mosquitto.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Under_a_telemetry_flood_every_event_reaches_its_lamp_and_shed_telemetry_is_counted()
    {
        // The broker's counts reach /metrics once the telemetry session subscribed (the event session subscribes first).
        var before = await Eventually.Holds(() => GatewayMetrics.ReadAsync(_host.Silo.ManagementAddress), m => m.Has("griddispatch_mqtt_broker_dropped"),
            TimeSpan.FromSeconds(20), "mosquitto's $SYS counts on the gateway's /metrics");

        using var flood = await ConnectAsync("overload-flood");
        using var lamps = await ConnectAsync("overload-events");
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // Brightness is the report's round, so the newest (the last) is recognisable.
        var telemetry = TelemetryFlood.RunAsync(flood, "yimen", Flooded, ReportsPerLamp, start);
        foreach (var lamp in Faulty)
        {
            var sent = await lamps.PublishAsync(TelemetryFlood.Message($"gd/yimen/lamp/{lamp}/event", $$"""{"ts":{{start}},"type":"fault","code":"POLE_TILT"}""", MqttQualityOfServiceLevel.AtLeastOnce));
            Assert.True(sent.IsSuccess, $"mosquitto took {lamp}'s event");
        }

        await telemetry;

        foreach (var lamp in Faulty)
            await Eventually.Holds(() => _host.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot(), s => s!.OpenAlarms.Any(a => a.Code == FaultCode.POLE_TILT),
                TimeSpan.FromSeconds(20), $"{lamp}'s fault event ingested");
        foreach (var lamp in Flooded)
            await Eventually.Holds(() => _host.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot(), s => s!.Brightness == ReportsPerLamp - 1,
                TimeSpan.FromSeconds(20), $"{lamp}'s newest report ingested");

        // offered = ingested + refused + shed by the gateway + dropped by the broker, once the gateway has drained.
        var offered = Flooded.Length * ReportsPerLamp + Faulty.Length;
        var after = await Eventually.Holds(() => GatewayMetrics.ReadAsync(_host.Silo.ManagementAddress),
            m => Accounted(m) - Accounted(before) >= offered, TimeSpan.FromSeconds(20), "every message accounted for");
        var shed = after.Sum("griddispatch_mqtt_telemetry_shed_total") - before.Sum("griddispatch_mqtt_telemetry_shed_total");
        output.WriteLine($"offered {offered}: ingested {after.Sum("griddispatch_mqtt_accepted_total") - before.Sum("griddispatch_mqtt_accepted_total")}, " +
                         $"refused {after.Sum("griddispatch_mqtt_dropped_total") - before.Sum("griddispatch_mqtt_dropped_total")}, shed {shed}, " +
                         $"broker dropped {after.Sum("griddispatch_mqtt_broker_dropped") - before.Sum("griddispatch_mqtt_broker_dropped")}");
        Assert.Equal(offered, Accounted(after) - Accounted(before));
        Assert.True(shed > 0, "the gateway shed telemetry while behind");
        Assert.Equal(0, after.Sum("griddispatch_mqtt_dropped_total") - before.Sum("griddispatch_mqtt_dropped_total"));
    }

    private static double Accounted(GatewayMetrics m) => m.Sum("griddispatch_mqtt_accepted_total") + m.Sum("griddispatch_mqtt_dropped_total")
        + m.Sum("griddispatch_mqtt_telemetry_shed_total") + m.Sum("griddispatch_mqtt_broker_dropped");

    private async Task<IMqttClient> ConnectAsync(string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mosquitto.Port).WithClientId(clientId)
            .WithCredentials("griddispatch-gateway", "gateway-secret").WithCleanSession().Build());
        return client;
    }
}
