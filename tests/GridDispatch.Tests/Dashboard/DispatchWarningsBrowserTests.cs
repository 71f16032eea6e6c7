using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// What the screen and the phone warn about (issue #16, items 5 and 14): a township where nobody can be sent
/// says so and names what waits; a whistle located far outside the township is questioned before it is sent.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task A_township_where_nobody_can_be_dispatched_warns_and_names_what_waits()
    {
        // the example township with no responder at all: its whistles wait
        var example = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "examples", "small-township.json"))
            .Replace("qingshan", "nobodytown").Replace("青山镇", "空岗镇").Replace("\"county\": \"huili\"", "\"county\": \"capacity-test\"");
        var topology = JsonNode.Parse(example, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        topology["responders"] = new JsonArray();
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        using (var imported = await admin.PutAsync("/api/townships/nobodytown/topology", new StringContent(topology.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        using var blown = await admin.PostAsJsonAsync("/api/whistles", new
        {
            township = "nobodytown", cellId = "nobodytown-V01-G1-N1", whistleId = "capacity-1", category = "road", severity = "major", text = "石门路塌方一处",
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var number = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
        Assert.False(string.IsNullOrEmpty(number));

        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "admin");
        await screen.GotoAsync(new Uri(f.Silo.BaseAddress, "/?scope=nobodytown").ToString());
        var warning = screen.GetByTestId("capacity-warning");
        await Assertions.Expect(warning).ToContainTextAsync("空岗镇 无可派力量", new() { Timeout = 15_000 });
        var text = await warning.InnerTextAsync();
        Assert.Contains("无处置人员", text);
        Assert.Contains("待派 1 件：大事 1", text);
        Assert.Contains($"大事：石门路塌方一处（{number} · 已等", text);
    }

    [Fact]
    public async Task The_whistle_page_questions_a_location_far_outside_the_township_before_sending_it()
    {
        // a phone that places itself in Beijing, some 1,900 km from 益门镇
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = f.Silo.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 360, Height = 640 }, Locale = "zh-CN",
            Geolocation = new Geolocation { Latitude = 39.9042f, Longitude = 116.4074f }, Permissions = ["geolocation"],
        });
        var phone = await context.NewPageAsync();
        var info = await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo();
        var leader = info!.CellTree.Where(c => c.Level == CellLevel.Group && c.LeaderId is not null).Skip(1).First();
        await Browser.LoginAsync(phone, leader.LeaderId!);
        await phone.GetByTestId("whistle-text").FillAsync("定位偏远测试：路边井盖缺失");
        await phone.GetByTestId("whistle-locate").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("whistle-location")).ToContainTextAsync("已定位", new() { Timeout = 10_000 });

        await phone.GetByTestId("whistle-submit").ClickAsync();
        var error = phone.GetByTestId("whistle-error");
        await Assertions.Expect(error).ToContainTextAsync("公里", new() { Timeout = 10_000 });
        Assert.Contains("益门镇", await error.InnerTextAsync());
        Assert.True(await phone.GetByTestId("whistle-result").IsHiddenAsync(), "nothing sent while the location is in question");

        // cleared, it goes without a position
        await phone.GetByTestId("whistle-location-clear").ClickAsync();
        await phone.GetByTestId("whistle-submit").ClickAsync();
        var result = await phone.WaitForSelectorAsync("[data-testid=whistle-result][data-incident-id]", new() { Timeout = 15_000 });
        var incident = await f.Grains.GetGrain<IIncidentGrain>((await result!.GetAttributeAsync("data-incident-id"))!).Get();
        Assert.Null(incident!.Report.Lat);
        await context.CloseAsync();
    }
}
