using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary>
/// 照明控制 over HTTP on the demo silo: the township's command centre sets a schedule, it reaches the lamp and
/// the audit log; others read but may not set; a schedule that cannot run is refused. One lamp's own scope,
/// so the demo's other lamps (and the tests that watch them) are untouched.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class LightingApiTests(DemoSiloFixture f)
{
    private Task<HttpClient> As(string user) => CommandCentreClient.HttpAsync(f.Silo.BaseAddress, user);

    [Fact]
    public async Task The_command_centre_sets_and_removes_a_lamps_schedule_audited_and_sent_to_the_lamp()
    {
        using var township = await As("yimen");
        var lamp = "yimen-L0777";
        var schedule = new { onOffsetMinutes = 10, brightness = 70, steps = new[] { new { at = "23:00", brightness = 40 } } };

        var set = await township.PutAsJsonAsync($"/api/townships/yimen/lighting/schedules/lamp/{lamp}", schedule);

        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        Assert.Equal(1, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sent").GetInt32());
        var program = (await f.Grains.GetGrain<IStreetlightGrain>(lamp).GetProgram())!;
        Assert.Equal("lamp:" + lamp, program.Source);
        Assert.Equal(new[] { 70, 40, 0 }, program.Steps.Select(s => s.Brightness));
        var book = await township.GetFromJsonAsync<JsonElement>("/api/townships/yimen/lighting");
        Assert.Contains(book.GetProperty("schedules").EnumerateArray(), s => s.GetProperty("scope").GetProperty("id").GetString() == lamp);
        var audit = await township.GetFromJsonAsync<JsonElement>("/api/audit?township=yimen&kind=lighting.schedule");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("subject").GetString() == "lamp:" + lamp && e.GetProperty("detail").GetString()!.Contains("23:00 40%"));

        Assert.True((await township.DeleteAsync($"/api/townships/yimen/lighting/schedules/lamp/{lamp}")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await township.DeleteAsync($"/api/townships/yimen/lighting/schedules/lamp/{lamp}")).StatusCode);
    }

    [Fact]
    public async Task A_schedule_that_cannot_run_is_refused_and_only_the_command_centre_sets_one()
    {
        using var township = await As("yimen");
        var leader = DemoTownships.Yimen().Villages[0].Leader!.Id.ToLowerInvariant();
        using var village = await As(leader);

        var bad = await township.PutAsJsonAsync("/api/townships/yimen/lighting/schedules/lamp/yimen-L0778", new { brightness = 150 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("brightness", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await township.PutAsJsonAsync("/api/townships/yimen/lighting/schedules/planet/mars", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await village.PutAsJsonAsync("/api/townships/yimen/lighting/schedules/township", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await village.GetAsync("/api/townships/yimen/lighting")).StatusCode);
        using var admin = await As("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/townships/nowhere/lighting")).StatusCode);
    }
}
