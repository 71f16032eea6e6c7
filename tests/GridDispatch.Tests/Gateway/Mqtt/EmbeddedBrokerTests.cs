using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GridDispatch.Gateway.Mqtt;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>
/// The embedded broker of the real silo process (<c>--demo</c>), driven by Debian's mosquitto clients:
/// device → broker → gateway → grain, the ACL, bad input, and commands out.
/// </summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class EmbeddedBrokerTests(DemoSiloFixture f)
{
    private string[] As(string user, string clientId, params string[] rest) =>
        ["-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", user, "-P", "demo", "-i", clientId, .. rest];

    private static string Telemetry(long ts, string extra = "") =>
        $$"""{"ts":{{ts}},"on":true,"brightness":80,"voltage":221.5,"current":0.41{{extra}}}""";

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private Task<LampSnapshot?> Lamp(string id) => f.Grains.GetGrain<IStreetlightGrain>(id).GetSnapshot();

    private async Task<string> Metrics()
    {
        using var http = new HttpClient { BaseAddress = f.Silo.ManagementAddress };
        return await http.GetStringAsync("/metrics");
    }

    [Fact]
    public async Task A_leakage_fault_published_with_mosquitto_pub_is_an_open_alarm_when_the_puback_arrives_and_an_incident_at_once_after()
    {
        var clock = Stopwatch.StartNew();
        var published = await Mosquitto.PubAsync(As("yimen-L0101", "lamp-0101", "-q", "1",
            "-t", "gd/yimen/lamp/yimen-L0101/telemetry", "-m", Telemetry(Now, ",\"leakageMa\":48.5")));

        Assert.Equal(0, published.ExitCode);
        // QoS 1 is acknowledged only after the grain accepted: the alarm is already there. Its work order is filed after the
        // PUBACK (the lamp's connection does not wait for it).
        var alarm = Assert.Single((await Lamp("yimen-L0101"))!.OpenAlarms);
        Assert.Equal(FaultCode.LEAKAGE, alarm.Code);
        var incident = await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.LampAlarm, alarm.AlarmId)).Get(),
            i => i is not null, what: "the alarm's work order");
        Assert.Equal(IncidentSeverity.Emergency, incident!.Report.Severity);
        // A deadline, not a latency: the second the product promises is measured by the benchmarks (docs/BENCHMARKS.md).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Each_connection_has_the_small_send_buffer_so_a_slow_client_backs_up_into_its_counted_queue()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, f.Silo.MqttPort);
        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;

        // On loopback the kernel's own choice is megabytes (seconds of messages no queue counts); the listen socket's setting is inherited.
        Assert.Equal(2 * new MqttOptions().SocketSendBufferBytes, await SocketStats.ServerSendBufferAsync(f.Silo.MqttPort, clientPort));
    }

    [Fact]
    public async Task Wrong_credentials_and_unknown_lamps_are_refused_at_connect()
    {
        string[] topic = ["-t", "gd/yimen/lamp/yimen-L0102/telemetry", "-m", Telemetry(Now)];
        var wrongPassword = await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", "yimen-L0102", "-P", "guess", "-i", "x1", .. topic]);
        var unknownLamp = await Mosquitto.PubAsync(As("yimen-L9999", "x2", topic));
        var anonymous = await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-i", "x3", .. topic]);

        Assert.All([wrongPassword, unknownLamp, anonymous], r => Assert.NotEqual(0, r.ExitCode));
        Assert.Contains("bad user name or password", wrongPassword.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Null((await Lamp("yimen-L0102"))!.Brightness); // no report of it ever got through
    }

    [Fact]
    public async Task A_lamp_cannot_publish_as_another_lamp_nor_listen_to_its_commands()
    {
        var before = (await Lamp("yimen-L0104"))!.LastSeen;
        var asOther = await Mosquitto.PubAsync(As("yimen-L0103", "lamp-0103", "-q", "1", "-V", "mqttv5",
            "-t", "gd/yimen/lamp/yimen-L0104/telemetry", "-m", Telemetry(Now, ",\"leakageMa\":99")));
        var eavesdrop = await Mosquitto.SubAsync(TimeSpan.FromSeconds(2), As("yimen-L0103", "lamp-0103-sub", "-t", "gd/yimen/lamp/yimen-L0104/cmd", "-C", "1"));

        Assert.Contains("Not authorized", asOther.Output); // MQTT 5 PUBACK reason 135: not theirs to publish
        Assert.Equal(before, (await Lamp("yimen-L0104"))!.LastSeen);
        Assert.Empty((await Lamp("yimen-L0104"))!.OpenAlarms);
        Assert.Contains("denied", eavesdrop.Output);
        await Eventually.Holds(Metrics, m => m.Contains("reason=\"acl\""), what: "the refusal counted");
    }

    [Fact]
    public async Task Bad_input_is_dropped_and_counted_and_the_same_connection_keeps_being_served()
    {
        var ts = Now;
        string[] lines =
        [
            "{not json",
            Telemetry(ts, ",\"voltage\":9000"),                   // impossible
            """{"on":true}""",                                     // no ts
            Telemetry(ts + 1, ",\"faults\":[\"ALIENS\"]"),        // unknown fault code
            new string('x', 20_000),                               // oversized
            Telemetry(ts + 2, ",\"tilt\":25.0"),                   // fine: a leaning pole
        ];
        var published = await Mosquitto.PubLinesAsync(lines, As("yimen-L0105", "lamp-0105", "-t", "gd/yimen/lamp/yimen-L0105/telemetry"));

        Assert.Equal(0, published.ExitCode);
        var snapshot = await Eventually.Holds(() => Lamp("yimen-L0105"), s => s!.OpenAlarms.Count > 0, what: "the last, valid line was ingested");
        Assert.Equal(FaultCode.POLE_TILT, Assert.Single(snapshot!.OpenAlarms).Code);
        string[] reasons = ["json", "out_of_range", "invalid", "payload_size"];
        await Eventually.Holds(Metrics, m => reasons.All(r => m.Contains($"reason=\"{r}\"")), what: "every drop counted by reason");
    }

    [Fact]
    public async Task A_dimming_command_reaches_the_lamp_on_its_command_topic()
    {
        var listening = Mosquitto.SubAsync(TimeSpan.FromSeconds(10), As("yimen-L0106", "lamp-0106-sub", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0106/cmd", "-C", "1"));
        await Task.Delay(1000); // let mosquitto_sub subscribe before the command goes out

        var sent = (await f.Grains.GetGrain<IStreetlightGrain>("yimen-L0106").SetBrightness(40, "admin")).Command!;
        var received = await listening;

        Assert.Equal(0, received.ExitCode);
        using var json = JsonDocument.Parse(received.Output);
        Assert.Equal(sent.CmdId, json.RootElement.GetProperty("cmdId").GetString());
        Assert.Equal("setBrightness", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(40, json.RootElement.GetProperty("brightness").GetInt32());

        var ack = await Mosquitto.PubAsync(As("yimen-L0106", "lamp-0106", "-q", "1", "-V", "mqttv5",
            "-t", "gd/yimen/lamp/yimen-L0106/cmd/ack", "-m", $$"""{"cmdId":"{{sent.CmdId}}","ok":true}"""));
        Assert.Equal(0, ack.ExitCode);
        Assert.DoesNotContain("failed", ack.Output);
    }
}
