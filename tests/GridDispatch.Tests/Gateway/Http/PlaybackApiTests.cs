using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary>The map's look back on the demo silo: a responder's trail of the last hour, and an hour's playback from the history store.</summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class PlaybackApiTests(DemoSiloFixture f)
{
    // Far from what the other tests of the shared silo touch.
    private const string Responder = "zhangguan-C07", Lamp = "zhangguan-L0290";

    [Fact]
    public async Task A_position_joins_the_trail_and_an_alarm_raised_in_a_window_plays_back()
    {
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var taken = await Eventually.Holds(() => admin.PostAsJsonAsync($"/api/responders/{Responder}/position", new { lat = 26.4871, lon = 102.4512 }),
            r => r.StatusCode != HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(10), "the position taken (one per 5 s)");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        await using (var lamp = await LampPublisher.ConnectAsync(f.Silo.MqttPort, Lamp, "demo"))
            await lamp.TelemetryAsync("zhangguan", Lamp, $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"voltage":221,"current":0.4,"leakageMa":60}""");

        var trails = await Eventually.Holds(() => admin.GetFromJsonAsync<JsonElement>("/api/townships/zhangguan/responders/trails?minutes=60"),
            t => Points(t, Responder).Any(p => p.GetProperty("lat").GetDouble() == 26.4871), TimeSpan.FromSeconds(10), "the position in the trail");
        var last = Points(trails, Responder).Last();
        Assert.Equal(102.4512, last.GetProperty("lon").GetDouble());
        Assert.True(last.GetProperty("at").GetDateTimeOffset() >= from);

        var window = $"from={Uri.EscapeDataString(from.AddMinutes(-10).ToString("O"))}&to={Uri.EscapeDataString(from.AddMinutes(5).ToString("O"))}";
        var playback = await Eventually.Holds(() => admin.GetFromJsonAsync<JsonElement>($"/api/townships/zhangguan/playback?{window}"),
            p => p.GetProperty("alarms").EnumerateArray().Any(a => a.GetProperty("lampId").GetString() == Lamp && a.GetProperty("code").GetString() == "LEAKAGE"),
            TimeSpan.FromSeconds(10), "the alarm in the playback");
        Assert.Contains(Points(playback.GetProperty("responders"), Responder), p => p.GetProperty("lat").GetDouble() == 26.4871);
        // The alarm opened a lamp work order: its steps play back too.
        await Eventually.Holds(() => admin.GetFromJsonAsync<JsonElement>($"/api/townships/zhangguan/playback?{window}"),
            p => p.GetProperty("incidents").EnumerateArray().Any(i => i.GetProperty("kind").GetString() == "Reported"),
            TimeSpan.FromSeconds(10), "the lamp work order's first step");
    }

    [Fact]
    public async Task A_window_longer_than_an_hour_is_refused_and_so_are_responders_and_other_townships()
    {
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var now = DateTimeOffset.UtcNow;
        string Window(TimeSpan length) => $"from={Uri.EscapeDataString(now.ToString("O"))}&to={Uri.EscapeDataString((now + length).ToString("O"))}";

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/townships/zhangguan/playback?{Window(TimeSpan.FromMinutes(61))}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/townships/zhangguan/playback?{Window(TimeSpan.FromMinutes(-5))}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/townships/zhangguan/playback")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/townships/zhangguan/responders/trails?minutes=61")).StatusCode);

        using var responder = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen-T01");
        Assert.Equal(HttpStatusCode.Forbidden, (await responder.GetAsync("/api/townships/yimen/responders/trails")).StatusCode);
        using var otherTownship = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");
        Assert.Equal(HttpStatusCode.Forbidden, (await otherTownship.GetAsync($"/api/townships/zhangguan/playback?{Window(TimeSpan.FromMinutes(5))}")).StatusCode);
    }

    private static IEnumerable<JsonElement> Points(JsonElement trails, string responder) =>
        trails.EnumerateArray().Where(t => t.GetProperty("responderId").GetString() == responder).SelectMany(t => t.GetProperty("points").EnumerateArray());
}
