using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Http;

/// <summary>
/// The reporter with a number to call (#18 item 1): a grid leader's from the topology, a 12345 caller's as given;
/// only the command centre (and the responder holding the order) reads it, and no incident answer carries it.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class ReporterContactApiTests(DemoSiloFixture f)
{
    [Fact]
    public async Task The_command_centre_gets_a_leaders_and_a_callers_number_and_nobody_else_sees_either()
    {
        var yimen = DemoTownships.Yimen();
        var group = yimen.Villages[2].Groups[1];
        var leader = group.Leader!;
        Assert.NotNull(leader.Phone);
        using var asLeader = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, leader.Id.ToLowerInvariant());
        var blown = await asLeader.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = group.Id, whistleId = "phone-" + Guid.NewGuid().ToString("N")[..10], category = "road", severity = "minor", text = "组里水沟堵了",
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var whistle = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var anonymous = new HttpClient { BaseAddress = f.Silo.BaseAddress };
        var filed = await anonymous.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = "demo", ["jurisdiction_id"] = "yimen", ["service_code"] = "road", ["description"] = "桥头护栏断了", ["last_name"] = "赵",
            ["phone"] = "0871-6123 4567",
        }));
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        var hotline = (await filed.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("service_request_id").GetString()!;
        var refused = await anonymous.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = "demo", ["jurisdiction_id"] = "yimen", ["service_code"] = "road", ["description"] = "x", ["phone"] = "call me",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        using var township = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");
        var fromLeader = await township.GetFromJsonAsync<JsonElement>($"/api/incidents/{whistle}/reporter");
        Assert.Equal((leader.Name, leader.Phone), (fromLeader.GetProperty("name").GetString(), fromLeader.GetProperty("phone").GetString()));
        var fromCaller = await township.GetFromJsonAsync<JsonElement>($"/api/incidents/{hotline}/reporter");
        Assert.Equal("0871-6123 4567", fromCaller.GetProperty("phone").GetString());

        // The incident itself never carries the number, to anyone (the village and the leader read it too).
        foreach (var id in new[] { whistle, hotline })
            Assert.DoesNotContain("6123 4567", await township.GetStringAsync($"/api/incidents/{id}"), StringComparison.Ordinal);
        var asSeenByLeader = await asLeader.GetAsync($"/api/incidents/{whistle}");
        Assert.Equal(HttpStatusCode.OK, asSeenByLeader.StatusCode);
        Assert.DoesNotContain(leader.Phone!, await asSeenByLeader.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Not the command centre: the village, the leader who reported, a responder not holding the order (the holder may: WorkOrderPhotoApiTests).
        using var village = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, yimen.Villages[2].Leader!.Id.ToLowerInvariant());
        var holder = (await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(whistle).Get(), i => i?.ResponderId is not null,
            TimeSpan.FromSeconds(15), "dispatched"))!.ResponderId!;
        using var responder = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress,
            yimen.Responders.First(r => !r.Id.Equals(holder, StringComparison.OrdinalIgnoreCase)).Id.ToLowerInvariant());
        foreach (var other in new[] { village, asLeader, responder })
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/incidents/{whistle}/reporter")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await township.GetAsync("/api/incidents/yimen-w-nothing/reporter")).StatusCode);
    }
}
