using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>
/// #22 goal 1: telemetry from mosquitto over several sessions of one gateway (<c>Mqtt:External:TelemetrySessions</c>). They share
/// one subscription, so mosquitto hands each report to one of them: every report reaches its lamp, and none twice.
/// </summary>
public sealed class ExternalBrokerTelemetrySessionsTests : IAsyncLifetime
{
    private const int Sessions = 3;
    private static readonly string[] Lamps = [.. DemoTownships.All().First(t => t.Id == "yimen").Lamps.Select(l => l.Id).Skip(400).Take(60)];
    private readonly string _folder = RepositoryPaths.NewTempFolder("broker-sessions");
    private MosquittoServer _mosquitto = null!;
    private SiloWithClient _host = null!;

    public async Task InitializeAsync()
    {
        _mosquitto = await MosquittoServer.StartAsync(new Dictionary<string, string> { ["griddispatch-gateway"] = "gateway-secret" },
            "user griddispatch-gateway\ntopic readwrite gd/#\n");
        _host = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "sessions.db"), "--Mqtt:Embedded=false",
            $"--Mqtt:External:Port={_mosquitto.Port}", "--Mqtt:External:Username=griddispatch-gateway", "--Mqtt:External:Password=gateway-secret",
            "--Mqtt:External:ClientId=gw-sessions", $"--Mqtt:External:TelemetrySessions={Sessions}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _mosquitto.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Every_report_reaches_its_lamp_once_over_several_telemetry_sessions()
    {
        // Every session is connected and subscribed (the telemetry sessions before the event session): the gateway logs each client id.
        await Eventually.Holds(() => Task.FromResult(_host.Silo.AllOutput), o => o.Contains("as gw-sessions-events"), TimeSpan.FromSeconds(20), "the gateway connected");
        foreach (var id in new[] { "gw-sessions\n", "gw-sessions-telemetry1", "gw-sessions-telemetry2" })
            Assert.Contains($"as {id}", _host.Silo.AllOutput.ReplaceLineEndings("\n"));

        var before = Taken(await GatewayMetrics.ReadAsync(_host.Silo.ManagementAddress));
        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mosquitto.Port).WithClientId("sessions-lamps")
            .WithCredentials("griddispatch-gateway", "gateway-secret").WithCleanSession().Build());
        // One report per lamp, at QoS 1 (acknowledged by mosquitto once it has passed it on).
        await TelemetryFlood.RunAsync(publisher, "yimen", Lamps, reportsPerLamp: 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        foreach (var lamp in Lamps)
            await Eventually.Holds(() => _host.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot(), s => s!.Brightness == 0, TimeSpan.FromSeconds(20), $"{lamp}'s report ingested");

        // Taken twice, a report counts twice: as accepted (the lamp calls the second a duplicate) or as shed (it replaced its twin in the queue).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(Lamps.Length, Taken(await GatewayMetrics.ReadAsync(_host.Silo.ManagementAddress)) - before);
    }

    private static double Taken(GatewayMetrics m) => m.Sum("griddispatch_mqtt_accepted_total") + m.Sum("griddispatch_mqtt_telemetry_shed_total");
}
