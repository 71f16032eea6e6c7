using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary><c>PUT /api/townships/{id}/topology</c>: how a county brings its own townships in.</summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class TopologyImportTests(DemoSiloFixture f)
{
    private static readonly string Qingshan = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "examples", "small-township.json"));

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_county_imports_a_township_file_and_it_is_live_at_once()
    {
        using var county = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        using var response = await county.PutAsync("/api/townships/qingshan/topology", Json(Qingshan));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, report.GetProperty("lamps").GetInt32());
        await Eventually.Holds(() => county.GetFromJsonAsync<JsonElement>("/api/townships/qingshan/summary"),
            s => s.GetProperty("figures").GetProperty("lampsTotal").GetInt32() == 3, what: "the roll-up counts the 3 lamps");

        // Again: the same township, nothing doubled.
        using var again = await county.PutAsync("/api/townships/qingshan/topology", Json(Qingshan));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await Task.Delay(500); // roll-ups settle within a few report delays
        Assert.Equal(3, (await county.GetFromJsonAsync<JsonElement>("/api/townships/qingshan/summary")).GetProperty("figures").GetProperty("lampsTotal").GetInt32());
    }

    [Fact]
    public async Task A_bad_file_is_refused_with_its_errors_and_only_the_county_may_import()
    {
        using var county = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        using var township = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");

        using var broken = await county.PutAsync("/api/townships/qingshan/topology", Json(Qingshan.Replace("\"households\"", "\"househols\"")));
        using var otherId = await county.PutAsync("/api/townships/elsewhere/topology", Json(Qingshan));
        using var notCounty = await township.PutAsync("/api/townships/qingshan/topology", Json(Qingshan));

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var problem = await broken.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("househols", problem.GetProperty("errors")[0].GetProperty("message").GetString() + problem.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, otherId.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notCounty.StatusCode);
    }
}
