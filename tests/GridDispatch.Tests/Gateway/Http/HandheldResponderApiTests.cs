using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary>A responder's own phone actions over HTTP on the demo silo: 拒单 with a reason, 上班/下班, position reports.</summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class HandheldResponderApiTests(DemoSiloFixture f)
{
    private static readonly TownshipTopology Yimen = DemoTownships.Yimen();

    private async Task<IncidentSnapshot> BlowAndDispatch(HttpClient admin, string villageId, string whistleId)
    {
        var village = Yimen.Villages.Single(v => v.Id == villageId);
        var blown = await admin.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = village.Groups[0].Neighbourhoods[0].Id, whistleId, category = "lighting", severity = "minor", text = "路灯不亮",
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var id = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i?.ResponderId is not null,
            TimeSpan.FromSeconds(30), $"incident {id} dispatched"))!;
    }

    /// <summary>
    /// A lamp team of yimen holding no work now, and a village it holds (包保). This silo is shared by many classes whose
    /// whistles and alarms leave work orders behind; if every team is busy, the test finishes the least loaded team's
    /// orders itself (as the command centre may act for a responder), until enough teams are free.
    /// </summary>
    private async Task<(string Team, string Village)> IdleTeam(int skip)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var teams = (await f.Grains.GetGrain<IDispatcherGrain>("yimen").GetResponders())
                .Where(c => c.Team && c.HomeAreas.Any(a => Yimen.Villages.Any(v => v.Id == a))).OrderBy(c => c.Load).ThenBy(c => c.Id).ToList();
            var idle = teams.Where(c => c.Load == 0 && c.Status == ResponderStatus.Available).ToList();
            if (idle.Count > skip) return (idle[skip].Id, idle[skip].HomeAreas.First(a => Yimen.Villages.Any(v => v.Id == a)));
            Assert.True(DateTime.UtcNow < deadline, $"{idle.Count} idle lamp teams of {teams.Count}, after finishing others' work orders for 30 s");
            var busy = teams.FirstOrDefault(c => c.Load > 0 && c.Status != ResponderStatus.OffDuty);
            var responder = busy is null ? null : f.Grains.GetGrain<IResponderGrain>(busy.Id);
            foreach (var order in responder is null ? [] : (await responder.GetSnapshot())!.WorkOrders)
            {
                // Whichever step it is at: the steps it already took answer with a conflict, the rest move it on.
                await responder!.Acknowledge(order.IncidentId);
                await responder.Arrive(order.IncidentId);
                await responder.Resolve(order.IncidentId, "测试前清场");
            }

            await Task.Delay(100);
        }
    }

    private async Task<JsonElement[]> Audit(HttpClient admin, DateTimeOffset from, string kind) =>
        (await admin.GetFromJsonAsync<JsonElement[]>($"/api/audit?township=yimen&from={Uri.EscapeDataString(from.ToString("O"))}&kind={kind}"))!;

    [Fact]
    public async Task A_decline_with_a_reason_goes_to_someone_else_within_two_seconds_never_back_and_is_audited_once()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var (_, village) = await IdleTeam(skip: 0);
        var incident = await BlowAndDispatch(admin, village, $"decline-{Guid.NewGuid():N}");
        var decliner = incident.ResponderId!;
        using var phone = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, decliner);
        using var other = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, decliner == "yimen-T01" ? "yimen-T02" : "yimen-T01");

        // Not theirs to decline, nor without a reason.
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync($"/api/responders/{decliner}/work-orders/{incident.Id}/decline", new { reason = "车辆故障" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await phone.PostAsJsonAsync($"/api/responders/{decliner}/work-orders/{incident.Id}/decline", new { reason = " " })).StatusCode);

        var request = new { reason = "车辆故障", requestId = Guid.NewGuid().ToString() };
        var declined = await phone.PostAsJsonAsync($"/api/responders/{decliner}/work-orders/{incident.Id}/decline", request);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        // Re-dispatched at once: a deadline, not a measurement.
        var next = await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(incident.Id).Get(),
            i => i?.ResponderId is { } r && r != decliner, TimeSpan.FromSeconds(2), "re-dispatched to someone else");
        Assert.Contains(next!.Timeline, e => e.Kind == TimelineKind.Declined && e.ResponderId == decliner && e.Text == "车辆故障");
        // The phone's outbox sending it again: the same answer, one audit line.
        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsJsonAsync($"/api/responders/{decliner}/work-orders/{incident.Id}/decline", request)).StatusCode);
        var orders = (await phone.GetFromJsonAsync<JsonElement[]>($"/api/responders/{decliner}/work-orders"))!;
        Assert.DoesNotContain(orders, o => o.GetProperty("incidentId").GetString() == incident.Id);

        // Its next holder declines too: it still never comes back to the first.
        using var second = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, next.ResponderId!);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync($"/api/responders/{next.ResponderId}/work-orders/{incident.Id}/decline", new { reason = "不在辖区" })).StatusCode);
        var third = await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(incident.Id).Get(),
            i => i!.Timeline.Count(e => e.Kind == TimelineKind.Declined) == 2 && i.ResponderId != next.ResponderId, TimeSpan.FromSeconds(2), "re-dispatched again");
        Assert.NotEqual(decliner, third!.ResponderId);

        var lines = await Audit(admin, started, "incident.decline");
        // Account names are stored lower-case; responder ids keep their case.
        Assert.Single(lines, l => l.GetProperty("subject").GetString() == incident.Id
            && string.Equals(l.GetProperty("actor").GetString(), decliner, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(lines, l => l.GetProperty("subject").GetString() == incident.Id && l.GetProperty("reason").GetString() == "不在辖区");
    }

    [Fact]
    public async Task Off_duty_is_skipped_and_on_duty_position_reports_move_the_responder_on_the_screen_at_a_bounded_rate()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var (team, village) = await IdleTeam(skip: 1);
        using var phone = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, team);

        var off = await phone.PostAsJsonAsync($"/api/responders/{team}/duty", new { onDuty = false, requestId = "duty-off-1" });
        Assert.Equal("OffDuty", (await off.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await Eventually.Holds(() => f.Grains.GetGrain<IDispatcherGrain>("yimen").GetResponders(), cards => cards.Single(c => c.Id == team).Status == ResponderStatus.OffDuty,
            what: "the dispatcher sees the team off duty");
        // Their own village's whistle goes to someone else while they are off duty, and their position is not taken.
        Assert.NotEqual(team, (await BlowAndDispatch(admin, village, $"offduty-{Guid.NewGuid():N}")).ResponderId);
        Assert.Equal(HttpStatusCode.Conflict, (await phone.PostAsJsonAsync($"/api/responders/{team}/position", new { lat = 34.33, lon = 107.14 })).StatusCode);

        var on = await phone.PostAsJsonAsync($"/api/responders/{team}/duty", new { onDuty = true, requestId = "duty-on-1" });
        Assert.Equal("Available", (await on.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var token = await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "admin");
        await using var hub = CommandCentreClient.Hub(f.Silo.BaseAddress, token);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<JsonElement>();
        hub.On<JsonElement>("responderChanged", items => { foreach (var r in items.EnumerateArray()) seen.Enqueue(r); });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("Watch", "yimen");

        const double lat = 34.31234, lon = 107.15678;
        var moved = await phone.PostAsJsonAsync($"/api/responders/{team}/position", new { lat, lon });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var tooSoon = await phone.PostAsJsonAsync($"/api/responders/{team}/position", new { lat = 34.4, lon });
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.NotNull(tooSoon.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.BadRequest, (await phone.PostAsJsonAsync($"/api/responders/{team}/position", new { lat = 34.4 })).StatusCode);
        await Eventually.TrueAsync(() => seen.Any(r => r.GetProperty("id").GetString() == team
            && r.GetProperty("lat").GetDouble() == lat && r.GetProperty("lon").GetDouble() == lon), TimeSpan.FromSeconds(5), "the screen moves the responder");
        Assert.DoesNotContain(seen, r => r.GetProperty("id").GetString() == team && r.GetProperty("lat").GetDouble() == 34.4);

        // Duty switches are audited, once per request id (the off switch sent again changes nothing more).
        Assert.Equal(HttpStatusCode.OK, (await phone.PostAsJsonAsync($"/api/responders/{team}/duty", new { onDuty = true, requestId = "duty-on-1" })).StatusCode);
        var duty = (await Audit(admin, started, "responder.duty")).Where(l => l.GetProperty("subject").GetString() == team).ToList();
        Assert.Equal(["上班", "下班"], duty.Select(l => l.GetProperty("detail").GetString()));
    }
}
