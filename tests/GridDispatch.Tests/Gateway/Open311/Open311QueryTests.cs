using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Open311;

/// <summary>What 12345 and residents read back: the filtered request list, a request's photo, the public status page.</summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class Open311QueryTests(DemoSiloFixture f)
{
    private HttpClient Http() => new() { BaseAddress = f.Silo.BaseAddress };

    private async Task<string> FileAsync(HttpClient http, string service, string description)
    {
        var created = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = "demo", ["jurisdiction_id"] = "yimen", ["service_code"] = service, ["description"] = description,
            ["last_name"] = "张", ["first_name"] = "三", ["phone"] = "13900002222",
        }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString()!;
    }

    private static async Task<List<string>> Ids(HttpClient http, string query)
    {
        var list = await http.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?jurisdiction_id=yimen&" + query);
        return [.. list.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()!)];
    }

    [Fact]
    public async Task The_request_list_filters_by_service_status_dates_and_ids()
    {
        using var http = Http();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O");
        var road = await FileAsync(http, "road", "桥头路面塌了一块");
        var water = await FileAsync(http, "water", "三组停水两天");
        await f.Grains.GetGrain<IIncidentGrain>(water).ResolveOnBehalf("command-centre", "已恢复供水");

        var mine = await Ids(http, $"start_date={Uri.EscapeDataString(since)}");
        Assert.Contains(road, mine);
        Assert.Contains(water, mine);
        Assert.DoesNotContain(mine, id => !id.StartsWith("yimen-h-", StringComparison.Ordinal)); // 12345 requests only, never a whistle or an alarm
        Assert.Contains(road, await Ids(http, "service_code=road,lighting"));
        Assert.DoesNotContain(water, await Ids(http, "service_code=road,lighting"));
        var closed = await Ids(http, $"status=closed&start_date={Uri.EscapeDataString(since)}");
        Assert.Equal([water], closed.Where(id => id == water || id == road));
        var longAgo = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-100).ToString("O"));
        Assert.DoesNotContain(road, await Ids(http, $"start_date=2020-01-01T00:00:00Z&end_date={longAgo}"));
        Assert.Equal(new[] { road, water }.Order(), (await Ids(http, $"service_request_id={road},{water},yimen-w-not-a-request")).Order());

        var entry = (await http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests.json?jurisdiction_id=yimen&service_request_id={road}"))[0];
        Assert.Equal(("open", "road", "桥头路面塌了一块"), (entry.GetProperty("status").GetString(), entry.GetProperty("service_code").GetString(), entry.GetProperty("description").GetString()));

        foreach (var bad in new[] { "status=pending", "service_code=ufo", "start_date=yesterday", "start_date=2026-11-02T00:00:00Z&end_date=2026-11-01T00:00:00Z" })
        {
            var refused = await http.GetAsync("/open311/v2/requests.json?jurisdiction_id=yimen&" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(400, (await refused.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("code").GetInt32());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/open311/v2/requests.json?jurisdiction_id=atlantis")).StatusCode);
    }

    [Fact]
    public async Task A_request_with_a_photo_has_a_media_url_that_serves_it()
    {
        using var http = Http();
        var withPhoto = await FileAsync(http, "lighting", "村口路灯杆歪了");
        var without = await FileAsync(http, "lighting", "路灯白天亮着");
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];
        Assert.True(await f.Grains.GetGrain<IIncidentPhotoGrain>(withPhoto).Attach(PhotoKind.Whistle, [new IncidentPhoto("image/jpeg", jpeg, "12345", DateTimeOffset.UtcNow)]));

        var request = (await http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{withPhoto}.json"))[0];
        var media = request.GetProperty("media_url").GetString()!;
        Assert.Equal(new Uri(f.Silo.BaseAddress, $"/open311/v2/requests/{withPhoto}/media"), new Uri(media));
        var photo = await http.GetAsync(media);
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType!.MediaType);
        Assert.Equal(jpeg, await photo.Content.ReadAsByteArrayAsync());

        Assert.Equal(JsonValueKind.Null, (await http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{without}.json"))[0].GetProperty("media_url").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/open311/v2/requests/{without}/media")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/open311/v2/requests/yimen-w-some-whistle/media")).StatusCode);
    }

    [Fact]
    public async Task A_resident_looks_up_progress_by_request_id_and_sees_nothing_personal()
    {
        using var http = Http();
        var id = await FileAsync(http, "environment", "王家巷12号门口垃圾没人收");
        var number = (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!.Number!;

        var page = await http.GetAsync($"/open311/status?id={Uri.EscapeDataString(id)}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains(number, html);
        Assert.Contains("环境卫生", html);
        Assert.Contains("诉求已受理", html);
        Assert.DoesNotContain("王家巷12号", html); // the description may hold an address
        Assert.DoesNotContain("13900002222", html);
        Assert.DoesNotContain("张", html);

        var unknown = await http.GetAsync("/open311/status?id=yimen-h-%3Cscript%3E");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("<script>", await unknown.Content.ReadAsStringAsync()); // echoed, but encoded
        Assert.Contains("<form", await (await http.GetAsync("/open311/status")).Content.ReadAsStringAsync());
    }
}
