using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary>
/// Photos on a work order's steps and a whistle's photos (#20): 到场 and 完成 carry theirs, a re-sent step adds none, a lamp
/// order's 完成 from the responder's phone needs its 处置后 photo; the reporter's number is the holder's while they hold the order.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class WorkOrderPhotoApiTests(DemoSiloFixture f)
{
    private static string DataUrl(params byte[] bytes) => "data:image/png;base64," + Convert.ToBase64String([0x89, 0x50, 0x4e, 0x47, .. bytes]);

    private static byte[] Bytes(string dataUrl) => Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);

    [Fact]
    public async Task A_lamp_order_is_completed_with_its_photos_once_each_and_only_its_holder_calls_the_reporter_while_holding_it()
    {
        var yimen = DemoTownships.Yimen();
        var group = yimen.Villages[5].Groups[0];
        var leader = group.Leader!;
        using var asLeader = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, leader.Id.ToLowerInvariant());
        var (scene1, scene2) = (DataUrl(1, 1), DataUrl(2, 2));
        var tooMany = await asLeader.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = group.Id, whistleId = "photos-" + Guid.NewGuid().ToString("N")[..10], category = "lighting", severity = "minor",
            text = "四张照片", photos = new[] { scene1, scene2, DataUrl(3), DataUrl(4) },
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var blown = await asLeader.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = group.Id, whistleId = "photos-" + Guid.NewGuid().ToString("N")[..10], category = "lighting", severity = "minor",
            text = "路灯不亮，两张照片", lat = 25.77, lon = 102.95, photos = new[] { scene1, scene2 },
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var id = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var holder = (await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i?.ResponderId is not null,
            TimeSpan.FromSeconds(15), "a responder offered the work order"))!.ResponderId!;
        using var phone = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, holder);
        var other = yimen.Responders.First(r => !r.Id.Equals(holder, StringComparison.OrdinalIgnoreCase));
        using var otherPhone = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, other.Id.ToLowerInvariant());

        // 联系上报人: the holder reads the leader's number; another responder does not.
        var reporter = await phone.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}/reporter");
        Assert.Equal(leader.Phone, reporter.GetProperty("phone").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await otherPhone.GetAsync($"/api/incidents/{id}/reporter")).StatusCode);

        var (arrival, before, after) = (DataUrl(10), DataUrl(20), DataUrl(30, 31));
        string Step(string step) => $"/api/responders/{holder}/work-orders/{id}/{step}";
        Assert.True((await phone.PostAsJsonAsync(Step("acknowledge"), new { })).IsSuccessStatusCode);
        for (var attempt = 0; attempt < 2; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await phone.PostAsJsonAsync(Step("arrive"), new { photo = arrival })).StatusCode);

        // 完成 without the 处置后 photo is refused in words the phone shows; with it (sent twice), taken once.
        var bare = await phone.PostAsJsonAsync(Step("resolve"), new { note = "换了灯头", before });
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Contains("处置后照片", (await bare.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(IncidentStatus.OnSite, (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!.Status);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var done = await phone.PostAsJsonAsync(Step("resolve"), new { note = "换了灯头", before, after });
            Assert.True(done.StatusCode == HttpStatusCode.OK, $"完成 #{attempt + 1}: {await done.Content.ReadAsStringAsync()}");
        }

        var photos = (await phone.GetFromJsonAsync<JsonElement[]>($"/api/incidents/{id}/photos"))!;
        Assert.Equal(["Whistle", "Whistle", "Arrival", "Before", "After"], photos.Select(p => p.GetProperty("kind").GetString()!));
        string[] sent = [scene1, scene2, arrival, before, after];
        for (var i = 0; i < sent.Length; i++)
            Assert.Equal(Bytes(sent[i]), await phone.GetByteArrayAsync($"/api/incidents/{id}/photos/{photos[i].GetProperty("index").GetInt32()}"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherPhone.GetAsync($"/api/incidents/{id}/photos")).StatusCode);

        // Done: the number is no longer the holder's to read.
        Assert.Equal(HttpStatusCode.Forbidden, (await phone.GetAsync($"/api/incidents/{id}/reporter")).StatusCode);
    }
}
