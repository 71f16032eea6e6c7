using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>我的吹哨 (issue #20): a grid leader follows the whistle they blew on the 吹哨 page and rates it once resolved.</summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task A_leader_follows_their_own_whistle_to_its_resolution_and_rates_it_on_the_whistle_page()
    {
        var village = DemoTownships.Yimen().Villages[5];
        var leader = village.Groups[0].Leader!.Id; // a grid leader (组长); the village head has the village screen
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, leader);
        var blown = await http.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = village.Groups[0].Neighbourhoods[0].Id, whistleId = $"mine-{Guid.NewGuid():N}", category = "lighting", severity = "minor",
            text = "村口路灯不亮",
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var id = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // Only their own: another's whistle in the same township is not listed.
        var mine = (await http.GetFromJsonAsync<JsonElement[]>("/api/incidents?township=yimen&reportedBy=me"))!;
        Assert.Contains(mine, i => i.GetProperty("id").GetString() == id);
        Assert.All(mine, i => Assert.Equal(leader, i.GetProperty("reportedBy").GetString()));

        var phone = await _browser.PageAsync(f.Silo.BaseAddress, 360, 640);
        try
        {
            // Signed in with the token the API gave (the login page is the login tests' subject).
            var token = await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, leader);
            await phone.Context.AddInitScriptAsync($"sessionStorage.setItem('griddispatch.token', '{token}');");
            await phone.GotoAsync("/handheld/whistle.html");
            await phone.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
            var line = phone.Locator($"[data-testid=my-whistle][data-incident-id='{id}']");
            await Assertions.Expect(line).ToBeVisibleAsync(new() { Timeout = 10_000 });

            // The holder does the work (the command centre acting for them), then the leader sees it resolved.
            var holder = (await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i?.ResponderId is not null,
                TimeSpan.FromSeconds(30), "dispatched"))!.ResponderId!;
            using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
            foreach (var step in new[] { "acknowledge", "arrive", "resolve" })
                (await admin.PostAsJsonAsync($"/api/responders/{holder}/work-orders/{id}/{step}", new { note = "已换灯" })).EnsureSuccessStatusCode();
            await phone.ReloadAsync();
            await Assertions.Expect(line).ToHaveAttributeAsync("data-status", "Resolved", new() { Timeout = 10_000 });
            await line.Locator(".my-whistle-head").ClickAsync();
            await Assertions.Expect(line.GetByTestId("my-whistle-timeline")).ToContainTextAsync("办结");
            await line.EvaluateAsync("e => e.scrollIntoView({ block: 'start' })"); // the screenshot shows the line, its timeline and the stars
            await Browser.ScreenshotAsync(phone, "phone-my-whistles-360x640");

            await line.GetByTestId("rate-4").ClickAsync();
            var closed = await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i!.Status == IncidentStatus.Closed, TimeSpan.FromSeconds(10), "closed");
            Assert.Equal(4, closed!.Satisfaction);
            await Assertions.Expect(line).ToHaveAttributeAsync("data-status", "Closed", new() { Timeout = 10_000 });
        }
        finally
        {
            await phone.Context.CloseAsync();
        }
    }
}
