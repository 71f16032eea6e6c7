using System.Net;
using System.Net.Http.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The map (#21): a responder's marker moves, and the last hour's trail grows, as their phone reports
/// positions; the search box finds a person (their card pops up) and a lamp by its road and pole (the map flies
/// there and the lamp's drawer opens). Same silo and browser as the rest of the class; one page.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task A_responders_marker_moves_with_their_position_reports_and_the_search_box_finds_them_and_flies_to_a_lamp()
    {
        // a village cadre on duty, not a lamp team (the dispatch tests use those), moved 200 m
        var cards = await f.Grains.GetGrain<IDispatcherGrain>("yimen").GetResponders();
        var person = cards.Last(c => !c.Team && c.Status == ResponderStatus.Available && c.Lat is not null && c.Lon is not null);
        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "yimen");
        await MapCanvas.WaitDrawnAsync(screen);
        var mark = screen.Locator($"[data-testid=responder-mark][data-responder-id='{person.Id}']");
        var before = (await mark.BoundingBoxAsync(new() { Timeout = 10_000 }))!;

        using var phone = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, person.Id);
        double lat = Math.Round(person.Lat!.Value + 0.0018, 6), lon = Math.Round(person.Lon!.Value + 0.0018, 6);
        var moved = await phone.PostAsJsonAsync($"/api/responders/{person.Id}/position", new { lat, lon });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await Eventually.Holds(() => mark.GetAttributeAsync("data-lat"), v => v is not null && Math.Abs(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) - lat) < 1e-9,
            TimeSpan.FromSeconds(10), "the marker at the reported position");
        var after = (await mark.BoundingBoxAsync())!;
        // north-east on the page: right and up
        Assert.True(after.X > before.X + 1 && after.Y < before.Y - 1, $"marker moved from ({before.X}, {before.Y}) to ({after.X}, {after.Y})");
        var trail = await screen.EvaluateAsync<double[][]>("id => window.gdMap.trail(id)", person.Id);
        Assert.True(trail.Length >= 2, $"{trail.Length} points in the trail");
        Assert.Equal([lon, lat], trail[^1]);

        // 搜索: a person by name, then a lamp by its road and pole
        var search = screen.GetByTestId("map-search");
        await search.FillAsync(person.Name);
        await screen.GetByTestId("map-search-result").First.WaitForAsync(new() { Timeout = 5_000 });
        await search.PressAsync("Enter");
        var card = screen.Locator($"[data-testid=responder-popup][data-responder-id='{person.Id}']");
        await card.WaitForAsync(new() { Timeout = 5_000 });
        Assert.Contains(person.Name, await card.InnerTextAsync(), StringComparison.Ordinal);

        var lamp = DemoTownships.Yimen().Lamps[^7];
        var name = (await f.Grains.GetGrain<IStreetlightGrain>(lamp.Id).GetSnapshot())!.Name!;
        await search.FillAsync(name);
        await search.PressAsync("Enter");
        await screen.Locator($"[data-testid=lamp-drawer][data-lamp-id='{lamp.Id}']").WaitForAsync(new() { Timeout = 10_000 });
        var at = await screen.EvaluateAsync<double[]>("id => window.gdMap.lampAt(id)", lamp.Id);
        await Eventually.Holds(() => MapCanvas.CentreAsync(screen), c => Math.Abs(c.Lon - at[0]) < 2e-5 && Math.Abs(c.Lat - at[1]) < 2e-5,
            TimeSpan.FromSeconds(10), $"the map centred on {name}");
        await Browser.ScreenshotAsync(screen, "map-search-lamp");
    }
}
