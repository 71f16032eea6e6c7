using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>Finding 4: over HTTP a responder sees their own work orders' incidents, not the township's.</summary>
[Collection(SecuritySiloCollection.Name)]
public sealed class ResponderScopeTests(SecuritySilo s)
{
    private static readonly TownshipTopology Yimen = DemoTownships.Yimen();

    [Fact]
    public async Task A_responder_lists_and_reads_only_their_own_incidents_and_no_other_lamps()
    {
        using var admin = s.From("127.0.0.1", await s.TokenAsync("admin"));
        var incidents = new List<IncidentSnapshot>();
        foreach (var village in Yimen.Villages.Take(4))
        {
            var whistle = $"scope-{village.Id}";
            var blown = await admin.PostAsJsonAsync("/api/whistles", new
            {
                township = "yimen", cellId = village.Groups[0].Neighbourhoods[0].Id, whistleId = whistle, category = "lighting", severity = "minor", text = "路灯不亮",
            });
            Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
            var id = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            incidents.Add(await Eventually.Holds(() => s.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i?.ResponderId is not null,
                TimeSpan.FromSeconds(30), $"incident {id} dispatched") ?? throw new InvalidOperationException());
        }

        var mine = incidents[0];
        var responder = mine.ResponderId!;
        var theirs = incidents.FirstOrDefault(i => i.ResponderId != responder) ?? throw new InvalidOperationException("every whistle went to one responder");
        using var http = s.From("127.0.0.1", await s.TokenAsync(responder));

        var listed = (await http.GetFromJsonAsync<JsonElement[]>("/api/incidents?township=yimen"))!;
        Assert.Contains(listed, i => i.GetProperty("id").GetString() == mine.Id);
        Assert.All(listed, i => Assert.Equal(responder, i.GetProperty("responderId").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/incidents/{mine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/incidents/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/lamps/{Yimen.Lamps[0].Id}")).StatusCode);
        // Nor the township's figures (its phone page reads the grid's names, nothing more).
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/townships/yimen/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/townships/yimen/history?metric=lit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/townships/yimen/cells")).StatusCode);
        // The command centre still sees it all.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/incidents/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/lamps/{Yimen.Lamps[0].Id}")).StatusCode);
    }
}
