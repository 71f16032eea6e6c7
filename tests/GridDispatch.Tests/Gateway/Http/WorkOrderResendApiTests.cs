using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary>
/// What the phone's outbox relies on (#20): a work-order step sent again, after an answer lost to a bad signal,
/// answers 200 with the incident as it is and is taken once; a whistle sent again is the same incident with its
/// first photo; a step queued for an order that was reassigned meanwhile is refused (403), never taken.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class WorkOrderResendApiTests(DemoSiloFixture f)
{
    private static readonly string Cell = DemoTownships.Yimen().Villages[7].Groups[0].Neighbourhoods[0].Id;

    private async Task<(string Id, string Holder)> Dispatched(HttpClient admin, string whistleId, object? photo = null)
    {
        var blown = await admin.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = Cell, whistleId, category = "other", severity = "minor", text = "重发测试 " + whistleId, photo,
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var id = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var incident = await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i?.ResponderId is not null,
            TimeSpan.FromSeconds(15), "a responder offered the work order");
        return (id, incident!.ResponderId!);
    }

    [Fact]
    public async Task Each_step_sent_twice_answers_200_both_times_and_is_on_the_timeline_once()
    {
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var (id, holder) = await Dispatched(admin, "resend-" + Guid.NewGuid().ToString("N")[..12]);
        using var phone = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, holder);

        foreach (var step in new[] { "acknowledge", "arrive", "resolve" })
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var answer = await phone.PostAsJsonAsync($"/api/responders/{holder}/work-orders/{id}/{step}", new { note = "灯泡已更换" });
                Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{step} #{attempt + 1}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }

        var incident = (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!;
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        foreach (var kind in new[] { TimelineKind.Acknowledged, TimelineKind.Arrived, TimelineKind.Resolved })
            Assert.Single(incident.Timeline, t => t.Kind == kind);
        Assert.Equal("灯泡已更换", incident.Timeline.Single(t => t.Kind == TimelineKind.Resolved).Text);
    }

    [Fact]
    public async Task A_whistle_sent_twice_is_one_incident_with_its_first_photo_and_a_step_on_a_reassigned_order_is_refused()
    {
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var whistleId = "resend-" + Guid.NewGuid().ToString("N")[..12];
        var photo = "data:image/png;base64," + Convert.ToBase64String([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
        var (id, holder) = await Dispatched(admin, whistleId, photo);
        var again = await admin.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = Cell, whistleId, category = "other", severity = "minor", text = "重发测试 " + whistleId,
            photo = "data:image/png;base64," + Convert.ToBase64String([0x89, 0x50, 0x4e, 0x47, 9, 9, 9, 9]),
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4 }, await admin.GetByteArrayAsync($"/api/incidents/{id}/photo"));

        // 改派 while the holder's phone was offline: its queued 接单 arrives afterwards and is refused.
        var candidates = await admin.GetFromJsonAsync<JsonElement[]>($"/api/incidents/{id}/candidates");
        var other = candidates!.Select(c => c.GetProperty("responder").GetProperty("id").GetString()!).First(r => r != holder);
        var current = await admin.GetAsync($"/api/incidents/{id}");
        var assign = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/assign") { Content = JsonContent.Create(new { responderId = other, reason = "就近" }) };
        assign.Headers.IfMatch.Add(new EntityTagHeaderValue(current.Headers.ETag!.Tag));
        var assigned = await admin.SendAsync(assign);
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());

        using var phone = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, holder);
        var late = await phone.PostAsJsonAsync($"/api/responders/{holder}/work-orders/{id}/acknowledge", new { });
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        var incident = (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!;
        Assert.Equal(other, incident.ResponderId);
        Assert.DoesNotContain(incident.Timeline, t => t.Kind == TimelineKind.Acknowledged);
    }
}
