using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>Open311 positions are both or neither, finite and in range: anything else is refused with a reason, never silently dropped.</summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class Open311InputTests(DemoSiloFixture f)
{
    private async Task<HttpResponseMessage> FileAsync(params (string Key, string Value)[] position)
    {
        using var http = new HttpClient { BaseAddress = f.Silo.BaseAddress };
        return await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(
            new (string Key, string Value)[] { ("api_key", "demo"), ("jurisdiction_id", "yimen"), ("service_code", "road"), ("description", "路面塌陷") }
                .Concat(position).Select(p => KeyValuePair.Create(p.Key, p.Value))));
    }

    [Fact]
    public async Task Nan_one_sided_or_unreadable_coordinates_are_refused_with_a_reason()
    {
        (string Key, string Value)[][] bad =
        [
            [("lat", "NaN"), ("long", "102.3")],
            [("lat", "26.7"), ("long", "Infinity")],
            [("lat", "26.7")],
            [("long", "102.3")],
            [("lat", "北纬"), ("long", "102.3")],
            [("lat", "95"), ("long", "102.3")],
        ];
        foreach (var position in bad)
        {
            using var response = await FileAsync(position);
            var what = string.Join('&', position.Select(p => $"{p.Key}={p.Value}"));
            Assert.Equal((what, HttpStatusCode.BadRequest), (what, response.StatusCode));
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>())[0];
            Assert.Contains(error.GetProperty("description").GetString()!, new[] { "lat and long go together: give both or neither",
                "lat must be decimal degrees between -90 and 90", "long must be decimal degrees between -180 and 180" });
        }

        using var good = await FileAsync(("lat", "26.7"), ("long", "102.3"));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var id = (await good.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString()!;
        var report = (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!.Report;
        Assert.Equal((26.7, 102.3), (report.Lat, report.Lon));
        using var none = await FileAsync();
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
    }
}
