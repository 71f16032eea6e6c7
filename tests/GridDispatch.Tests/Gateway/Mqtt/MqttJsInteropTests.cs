using System.Text.Json;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>MQTT.js, a client we did not write, against the embedded broker of the real silo process.</summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class MqttJsInteropTests(DemoSiloFixture f)
{
    private Task<JsonElement> Run(string scenario, object args) =>
        NodePeer.RunAsync("mqtt-client.mjs", $"mqtt://127.0.0.1:{f.Silo.MqttPort}", scenario, JsonSerializer.Serialize(args));

    private static JsonElement Ok(JsonElement result)
    {
        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        return result;
    }

    [Fact]
    public async Task A_wrong_password_is_refused_at_connect()
    {
        var result = Ok(await Run("refused", new { lamp = "yimen-L0401" }));
        Assert.Equal(4, result.GetProperty("code").GetInt32()); // CONNACK 4: bad user name or password
    }

    [Fact]
    public async Task A_lamp_may_subscribe_only_to_its_own_commands()
    {
        var granted = Ok(await Run("acl", new { lamp = "yimen-L0402", other = "yimen-L0403" })).GetProperty("granted").EnumerateArray().Select(g => g.GetInt32());
        Assert.Equal([128, 128, 1], granted); // 128: refused (MQTT 3.1.1 SUBACK failure)
    }

    [Fact]
    public async Task Qos1_telemetry_from_mqtt_js_is_in_the_grain_when_acknowledged()
    {
        Ok(await Run("qos1", new { lamp = "yimen-L0404" }));
        var lamp = (await f.Grains.GetGrain<IStreetlightGrain>("yimen-L0404").GetSnapshot())!;
        Assert.True(lamp.OpenFaults.Contains(FaultCode.POLE_TILT));
    }

    [Fact]
    public async Task Wildcards_retained_status_and_the_will_message_work_and_a_vanished_lamp_is_offline()
    {
        var result = Ok(await Run("will", new { lamp = "yimen-L0405" }));
        var heard = result.GetProperty("heard").EnumerateArray().Select(m => m.GetProperty("payload").GetString()).ToList();
        Assert.Equal(["online", "offline"], heard.Where(p => p is "online" or "offline")); // through the + wildcards
        var retained = Assert.Single(result.GetProperty("retained").EnumerateArray().Take(1));
        Assert.Equal(("online", true), (retained.GetProperty("payload").GetString(), retained.GetProperty("retain").GetBoolean()));

        var lamp = await Eventually.Holds(() => f.Grains.GetGrain<IStreetlightGrain>("yimen-L0405").GetSnapshot(), s => !s!.Online, what: "the lamp shown offline");
        Assert.False(lamp!.Online);
    }
}
