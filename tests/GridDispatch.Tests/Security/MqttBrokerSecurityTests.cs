using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;

namespace GridDispatch.Tests.Security;

/// <summary>
/// The embedded broker of the real silo (<c>--demo</c>) against a hostile client: publishing what only the
/// platform may, topics outside the contract, retained and will messages, someone else's client id, a
/// session whose login was revoked, malformed topic names; and empty client ids as MQTT allows them.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class MqttBrokerSecurityTests(DemoSiloFixture f)
{
    private string Port => f.Silo.MqttPort.ToString();

    private string[] As(string user, string password, params string[] rest) => ["-h", "127.0.0.1", "-p", Port, "-u", user, "-P", password, .. rest];

    private Task<LampSnapshot?> Lamp(string id) => f.Grains.GetGrain<IStreetlightGrain>(id).GetSnapshot();

    [Fact]
    public async Task Only_the_platform_publishes_commands_and_work_orders_and_nothing_outside_the_contract_is_taken()
    {
        // The county watches every topic the attack aims at; the platform's own command must still arrive.
        var watching = Mosquitto.SubAsync(TimeSpan.FromSeconds(8), As("admin", "demo", "-V", "mqttv5", "-v",
            "-t", "gd/yimen/lamp/yimen-L0402/cmd", "-t", "gd/yimen/responder/yimen-T01/assignment", "-t", "probe/#", "-t", "gd/yimen/lamp/yimen-L0401/telemetry"));
        await Task.Delay(1500);

        string[] lamp = As("yimen-L0401", "demo", "-V", "mqttv5", "-q", "1");
        var command = await Mosquitto.PubAsync([.. lamp, "-t", "gd/yimen/lamp/yimen-L0402/cmd", "-m", """{"cmdId":"p","type":"setBrightness","brightness":0}"""]);
        var retainedCommand = await Mosquitto.PubAsync([.. lamp, "-r", "-t", "gd/zhangguan/lamp/zg-L0001/cmd", "-m", """{"cmdId":"p","type":"setBrightness","brightness":0}"""]);
        var workOrder = await Mosquitto.PubAsync([.. lamp, "-t", "gd/yimen/responder/yimen-T01/assignment", "-m", """{"type":"offered","incidentId":"fake"}"""]);
        var probe = await Mosquitto.PubAsync([.. lamp, "-r", "-t", "probe/x", "-m", new string('x', 1000)]);
        var retainedTelemetry = await Mosquitto.PubAsync([.. lamp, "-r", "-t", "gd/yimen/lamp/yimen-L0401/telemetry", "-m",
            $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true}"""]);
        Assert.All([command, retainedCommand, workOrder, probe, retainedTelemetry], r => Assert.Contains("Not authorized", r.Output));

        // A will aimed at another lamp's commands: the lamp vanishes, the will is refused like a publish.
        var willer = Process.Start(Start("mosquitto_sub", As("yimen-L0403", "demo", "-i", "yimen-L0403", "--will-topic", "gd/yimen/lamp/yimen-L0402/cmd",
            "--will-payload", """{"cmdId":"w","type":"setBrightness","brightness":0}""", "-t", "gd/yimen/lamp/yimen-L0403/cmd")))!;
        await Task.Delay(1000);
        willer.Kill();
        await willer.WaitForExitAsync();

        var sent = (await f.Grains.GetGrain<IStreetlightGrain>("yimen-L0402").SetBrightness(55, "admin")).Command!;
        var seen = (await watching).Output;
        Assert.Contains(sent.CmdId, seen); // the platform's command went through
        Assert.DoesNotContain("\"cmdId\":\"p\"", seen);
        Assert.DoesNotContain("\"cmdId\":\"w\"", seen);
        Assert.DoesNotContain("fake", seen);
        Assert.DoesNotContain("probe/x", seen);
        Assert.DoesNotContain("yimen-L0401/telemetry", seen); // refused, so not routed either

        // Nothing was retained for a newcomer.
        var late = await Mosquitto.SubAsync(TimeSpan.FromSeconds(2), As("admin", "demo", "-v", "-t", "probe/#", "-t", "gd/zhangguan/lamp/zg-L0001/cmd"));
        Assert.DoesNotContain("probe/x", late.Output);
        Assert.DoesNotContain("zg-L0001", late.Output);
    }

    [Fact]
    public async Task A_client_id_belongs_to_its_principal_and_a_killed_duplicate_does_not_take_a_lamp_offline()
    {
        using var lamp = await ConnectAsync("yimen-L0404", "demo", "yimen-L0404");
        using var handheld = await ConnectAsync("yimen-T05", "demo", "handheld-of-t05");

        var lampIdTaken = await Mosquitto.PubAsync(As("admin", "demo", "-V", "mqttv5", "-i", "yimen-L0404", "-t", "gd/yimen/grid/yimen-V02/whistle", "-m", "{}"));
        var anotherLampsId = await Mosquitto.PubAsync(As("yimen-L0405", "demo", "-V", "mqttv5", "-i", "yimen-L0404", "-t", "gd/yimen/lamp/yimen-L0405/status", "-m", "online"));
        var personsIdTaken = await Mosquitto.PubAsync(As("yimen-T06", "demo", "-V", "mqttv5", "-i", "handheld-of-t05", "-t", "gd/yimen/grid/yimen-V02/whistle", "-m", "{}"));
        // CONNACK 0x85: mosquitto_pub says so, or exits with it.
        Assert.All([lampIdTaken, anotherLampsId, personsIdTaken], r => Assert.True(r.ExitCode == 0x85 || r.Output.Contains("Client Identifier not valid"), r.Output));
        await Task.Delay(500);
        Assert.True(lamp.IsConnected, "the lamp was kicked off");
        Assert.True(handheld.IsConnected, "the responder was kicked off");

        // The same lamp opens a second connection that dies without DISCONNECT: the first still reports, so the lamp stays online.
        await Eventually.Holds(() => Lamp("yimen-L0404"), s => s!.Online, what: "the lamp online");
        await using (var duplicate = await RawMqtt.OpenAsync(f.Silo.MqttPort))
        {
            await duplicate.SendAsync(RawMqtt.Connect(4, "yimen-L0404-second", "yimen-L0404", "demo"));
            Assert.Equal(0x20, (await duplicate.ReadAsync(TimeSpan.FromSeconds(10)))!.Value.Header);
        }

        await Task.Delay(2000);
        Assert.True((await Lamp("yimen-L0404"))!.Online, "a killed duplicate connection marked the lamp offline");
        Assert.True(lamp.IsConnected);
    }

    [Fact]
    public async Task A_disabled_account_or_a_revoked_token_ends_its_mqtt_session_within_seconds()
    {
        using var http = new HttpClient { BaseAddress = f.Silo.BaseAddress };
        var admin = await LoginAsync(http, "admin");
        var t07Token = await LoginAsync(http, "yimen-T07");

        using var byPassword = await ConnectAsync("yimen-T08", "demo", "t08-handheld");
        using var byToken = await ConnectAsync("yimen-T07", t07Token, "t07-handheld");
        await Task.Delay(6000); // a full re-check passes while the logins hold
        Assert.True(byPassword.IsConnected && byToken.IsConnected, "a valid session was ended");

        var clock = Stopwatch.StartNew();
        using (var disable = new HttpRequestMessage(HttpMethod.Put, "/api/accounts/yimen-t08") { Content = JsonContent.Create(new { role = "Responder", township = "yimen", personId = "yimen-T08", disabled = true }) })
        {
            disable.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            Assert.True((await http.SendAsync(disable)).IsSuccessStatusCode);
        }

        using (var logout = new HttpRequestMessage(HttpMethod.Post, "/api/logout"))
        {
            logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", t07Token);
            Assert.True((await http.SendAsync(logout)).IsSuccessStatusCode);
        }

        await Eventually.Holds(() => Task.FromResult(byPassword.IsConnected || byToken.IsConnected), connected => !connected, TimeSpan.FromSeconds(30), "both sessions ended");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Publish_topic_names_with_wildcards_nul_or_invalid_utf8_are_refused_with_topic_name_invalid()
    {
        await using var lamp = await RawMqtt.OpenAsync(f.Silo.MqttPort);
        await lamp.SendAsync(RawMqtt.Connect(5, "yimen-L0406", "yimen-L0406", "demo"));
        Assert.Equal(0x20, (await lamp.ReadAsync(TimeSpan.FromSeconds(10)))!.Value.Header);

        byte[][] topics =
        [
            Encoding.UTF8.GetBytes("gd/yimen/lamp/+/telemetry"),
            Encoding.UTF8.GetBytes("gd/yimen/lamp/yimen-L0406/#"),
            Encoding.UTF8.GetBytes("gd/yimen/lamp/yimen-L0406/telemetry\0x"),
            [.. Encoding.UTF8.GetBytes("gd/yimen/lamp/yimen-L"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("/telemetry")],
        ];
        ushort id = 1;
        foreach (var topic in topics)
        {
            await lamp.SendAsync(RawMqtt.Publish(5, topic, $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true}""", id));
            var ack = (await lamp.ReadAsync(TimeSpan.FromSeconds(10)))!.Value;
            Assert.Equal(0x40, ack.Header);                 // PUBACK
            Assert.Equal(0x90, ack.Body[2]);                // Topic Name invalid
            id++;
        }

        // MQTT 3.1.1 cannot say why: the connection is closed.
        await using var old = await RawMqtt.OpenAsync(f.Silo.MqttPort);
        await old.SendAsync(RawMqtt.Connect(4, "yimen-L0407", "yimen-L0407", "demo"));
        Assert.Equal(0x20, (await old.ReadAsync(TimeSpan.FromSeconds(10)))!.Value.Header);
        await old.SendAsync(RawMqtt.Publish(4, Encoding.UTF8.GetBytes("gd/yimen/lamp/+/telemetry"), "{}"));
        Assert.True(await old.ClosedWithin(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task An_empty_client_id_is_accepted_with_a_clean_session_and_refused_with_a_persistent_one()
    {
        // mosquitto_pub without -i sends an empty id over MQTT 3.1.1 (mosquitto accepts it, §3.1.3.1 allows it).
        var published = await Mosquitto.PubAsync(As("yimen-L0408", "demo", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0408/telemetry",
            "-m", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"brightness":61}"""));
        Assert.Equal(0, published.ExitCode);
        Assert.Equal(61, (await Lamp("yimen-L0408"))!.Brightness);

        await using var persistent = await RawMqtt.OpenAsync(f.Silo.MqttPort);
        await persistent.SendAsync(RawMqtt.Connect(4, "", "yimen-L0408", "demo", clean: false));
        // MQTTnet's decoder treats it as the protocol violation it is [MQTT-3.1.3-7] and closes without a session.
        var connack = await persistent.ReadAsync(TimeSpan.FromSeconds(10));
        Assert.True(connack is null || connack.Value.Body[1] == 2, "a persistent session without a client id was accepted");
    }

    private async Task<IMqttClient> ConnectAsync(string user, string password, string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", f.Silo.MqttPort)
            .WithClientId(clientId).WithCredentials(user, password).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static async Task<string> LoginAsync(HttpClient http, string user)
    {
        var reply = await http.PostAsJsonAsync("/api/login", new { username = user, password = "demo" });
        reply.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
    }

    private static ProcessStartInfo Start(string command, string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }
}
