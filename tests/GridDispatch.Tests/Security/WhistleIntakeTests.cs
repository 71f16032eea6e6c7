using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>
/// A whistle id belongs to the whistle that first used it: another cell's or another reporter's whistle under it
/// is 409 and learns nothing of the incident. The reporter is whoever signed in, never the payload's <c>by</c>;
/// <c>ts</c> is bounded as telemetry's is.
/// </summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class WhistleIntakeTests(DemoSiloFixture f)
{
    private static object Whistle(string id, string cell, string text = "井盖缺失", object? by = null, long? ts = null) =>
        new { township = "yimen", cellId = cell, whistleId = id, by, category = "road", severity = "minor", text, ts };

    /// <summary>Two grid leaders of yimen with their own, separate cells.</summary>
    private async Task<(string Leader, string Cell, string Other, string OtherCell)> TwoLeadersAsync()
    {
        var info = (await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo())!;
        var groups = info.CellTree.Where(c => c.Level == CellLevel.Group && c.LeaderId is not null).ToList();
        var other = groups.First(g => g.LeaderId != groups[0].LeaderId && g.ParentKey != groups[0].ParentKey);
        return (groups[0].LeaderId!, groups[0].CellId, other.LeaderId!, other.CellId);
    }

    [Fact]
    public async Task Another_cells_whistle_under_a_used_id_is_a_conflict_that_reveals_nothing()
    {
        var (leader, cell, other, otherCell) = await TwoLeadersAsync();
        using var first = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, leader);
        using var second = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, other);
        var secret = $"秘密 {Guid.NewGuid():N}";

        using var created = await first.PostAsJsonAsync("/api/whistles", Whistle("scoped-1", cell, secret));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync($"/api/incidents/{id}")).StatusCode);

        using var stolen = await second.PostAsJsonAsync("/api/whistles", Whistle("scoped-1", otherCell, "别的事"));
        Assert.Equal(HttpStatusCode.Conflict, stolen.StatusCode);
        var body = await stolen.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, body);
        Assert.DoesNotContain(id, body);

        // The same whistle again from its own reporter is still the idempotent 200; changed content under the id is 409.
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync("/api/whistles", Whistle("scoped-1", cell, secret))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsJsonAsync("/api/whistles", Whistle("scoped-1", cell, "改了内容"))).StatusCode);
        Assert.Equal(secret, (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!.Report.Text);
    }

    [Fact]
    public async Task The_reporter_is_the_signed_in_caller_whatever_by_says()
    {
        var (leader, cell, _, _) = await TwoLeadersAsync();
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, leader);
        using var created = await http.PostAsJsonAsync("/api/whistles", Whistle("forged-by", cell, by: "<img src=x onerror=alert(1)>"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(leader, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("reportedBy").GetString());

        // Over MQTT too: a leader's whistle claiming to be the county is recorded as the leader's.
        var mqtt = await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", leader, "-P", "demo", "-i", "forged-mqtt", "-q", "1", "-V", "mqttv5",
            "-t", $"gd/yimen/grid/{cell}/whistle", "-m", """{"whistleId":"forged-by-mqtt","by":"admin","category":"road","severity":"minor","text":"路口积水"}"""]);
        Assert.Equal(0, mqtt.ExitCode);
        var incident = await f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.Whistle, "forged-by-mqtt")).Get();
        Assert.Equal(leader, incident!.Report.ReportedBy);
    }

    [Fact]
    public async Task A_whistle_time_outside_telemetrys_bounds_is_refused()
    {
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        foreach (var (id, ts) in new[] { ("ts-epoch", 1L), ("ts-max", long.MaxValue), ("ts-future", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()), ("ts-neg", -5L) })
        {
            using var refused = await http.PostAsJsonAsync("/api/whistles", Whistle(id, "yimen-V04", ts: ts));
            Assert.Equal((id, HttpStatusCode.BadRequest), (id, refused.StatusCode));
            Assert.Contains("ts", await refused.Content.ReadAsStringAsync());
            Assert.Null(await f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.Whistle, id)).Get());
        }

        var now = DateTimeOffset.UtcNow.AddSeconds(-30);
        using var taken = await http.PostAsJsonAsync("/api/whistles", Whistle("ts-now", "yimen-V04", ts: now.ToUnixTimeMilliseconds()));
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        var reportedAt = (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("report").GetProperty("reportedAt").GetDateTimeOffset();
        Assert.Equal(now.ToUnixTimeMilliseconds(), reportedAt.ToUnixTimeMilliseconds());
    }
}
