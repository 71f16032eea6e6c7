using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Open311;

/// <summary>Open311 GeoReport v2 as a 12345 hotline system uses it, on the real silo process.</summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class Open311Tests(DemoSiloFixture f)
{
    private HttpClient Http() => new() { BaseAddress = f.Silo.BaseAddress };

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(x => KeyValuePair.Create(x.Key, x.Value)));

    [Fact]
    public async Task A_hotline_request_becomes_an_incident_and_its_status_follows_the_incident()
    {
        using var http = Http();
        var services = await http.GetFromJsonAsync<JsonElement>("/open311/v2/services.json");
        Assert.Contains(services.EnumerateArray(), s => s.GetProperty("service_code").GetString() == "lighting");

        var created = await http.PostAsync("/open311/v2/requests.json", Form(("api_key", "demo"), ("jurisdiction_id", "yimen"),
            ("service_code", "lighting"), ("lat", "26.781"), ("long", "102.301"), ("description", "村口路灯三天没亮了"), ("last_name", "张")));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString()!;

        var open = (await http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{id}.json"))[0];
        Assert.Equal("open", open.GetProperty("status").GetString());
        Assert.Equal("村口路灯三天没亮了", open.GetProperty("description").GetString());
        var incident = (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!;
        Assert.Equal((IncidentSource.Hotline, "lighting"), (incident.Report.Source, incident.Report.Category));

        await f.Grains.GetGrain<IIncidentGrain>(id).ResolveOnBehalf("command-centre", "已修复");
        var closed = (await http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{id}.json"))[0];
        Assert.Equal("closed", closed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Refusals_use_the_open311_error_format()
    {
        using var http = Http();
        (HttpResponseMessage Response, int Code)[] cases =
        [
            (await http.PostAsync("/open311/v2/requests.json", Form(("api_key", "guess"), ("jurisdiction_id", "yimen"), ("service_code", "lighting"), ("description", "x"))), 403),
            (await http.PostAsync("/open311/v2/requests.json", Form(("api_key", "demo"), ("jurisdiction_id", "yimen"), ("service_code", "ufo"), ("description", "x"))), 400),
            (await http.PostAsync("/open311/v2/requests.json", Form(("api_key", "demo"), ("jurisdiction_id", "atlantis"), ("service_code", "road"), ("description", "x"))), 400),
            (await http.PostAsync("/open311/v2/requests.json", Form(("api_key", "demo"), ("jurisdiction_id", "yimen"), ("service_code", "road"))), 400),
            (await http.GetAsync("/open311/v2/requests/yimen-h-nothing.json"), 404),
            (await http.GetAsync("/open311/v2/requests/yimen-w-not-a-hotline-case.json"), 404),
        ];
        foreach (var (response, code) in cases)
        {
            Assert.Equal(code, (int)response.StatusCode);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>())[0];
            Assert.Equal(code, error.GetProperty("code").GetInt32());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("description").GetString()));
        }
    }
}
