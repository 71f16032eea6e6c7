using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>
/// Issue 22, overload without silent loss, on the embedded broker: it ingests each publish before reading the
/// connection's next one, so a telemetry flood only slows its own connection. Events sent meanwhile on another
/// connection all reach their lamps, and every report is ingested or refused, none lost or shed.
/// </summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class EmbeddedBrokerOverloadTests(DemoSiloFixture f, ITestOutputHelper output)
{
    private const int ReportsPerLamp = 100;
    private static readonly string[] Lamps = [.. DemoTownships.All().First(t => t.Id == "zhangguan").Lamps.Select(l => l.Id).Skip(200).Take(40)];
    private static readonly string[] Flooded = Lamps[..20], Booted = Lamps[20..];

    [Fact]
    public async Task Under_a_telemetry_flood_every_event_reaches_its_lamp_and_no_report_is_lost()
    {
        var before = await GatewayMetrics.ReadAsync(f.Silo.ManagementAddress);
        using var flood = await ConnectAsync();
        using var events = await ConnectAsync();
        var start = DateTimeOffset.UtcNow;
        var ts = start.ToUnixTimeMilliseconds();
        // As fast as the connection takes it: the broker reads it only as fast as the lamps' grains take it.
        var telemetry = TelemetryFlood.RunAsync(flood, "zhangguan", Flooded, ReportsPerLamp, ts);
        // A boot event changes nothing but when the lamp was last heard: a mark of its arrival that disturbs no other test.
        foreach (var lamp in Booted)
        {
            var sent = await events.PublishAsync(TelemetryFlood.Message($"gd/zhangguan/lamp/{lamp}/event", $$"""{"ts":{{ts}},"type":"boot"}""", MqttQualityOfServiceLevel.AtLeastOnce));
            Assert.True(sent.IsSuccess, $"{lamp}'s boot event acknowledged");
        }

        await telemetry;
        foreach (var lamp in Booted)
            Assert.True((await f.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot())!.LastSeen >= start, $"{lamp}'s event reached it before its PUBACK");
        foreach (var lamp in Flooded)
            await Eventually.Holds(() => f.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot(), s => s!.Brightness == ReportsPerLamp - 1,
                TimeSpan.FromSeconds(20), $"{lamp}'s last report ingested");

        var offered = Flooded.Length * ReportsPerLamp + Booted.Length;
        var after = await Eventually.Holds(() => GatewayMetrics.ReadAsync(f.Silo.ManagementAddress),
            m => Taken(m) - Taken(before) >= offered, TimeSpan.FromSeconds(20), "every message ingested or refused");
        output.WriteLine($"offered {offered}: ingested or refused {Taken(after) - Taken(before)}");
        Assert.Equal(offered, Taken(after) - Taken(before));
        Assert.Equal(0, after.Sum("griddispatch_mqtt_telemetry_shed_total") - before.Sum("griddispatch_mqtt_telemetry_shed_total"));
        Assert.Equal(0, after.Sum("griddispatch_mqtt_dropped_total") - before.Sum("griddispatch_mqtt_dropped_total"));
    }

    private static double Taken(GatewayMetrics m) => m.Sum("griddispatch_mqtt_accepted_total") + m.Sum("griddispatch_mqtt_dropped_total");

    private async Task<IMqttClient> ConnectAsync()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", f.Silo.MqttPort).WithClientId($"overload-{Guid.NewGuid():N}")
            .WithCredentials("admin", "demo").WithCleanSession().Build());
        return client;
    }
}
