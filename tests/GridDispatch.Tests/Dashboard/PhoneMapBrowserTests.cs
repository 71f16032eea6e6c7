using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The phone pages' map (#21): on 吹哨, 在地图上选点 loads the map's own bundle (not part of the page before) and the
/// spot tapped on it is the place the whistle's incident keeps; the responder it is dispatched to sees that spot on
/// 我的工单's 查看地图. Same silo and browser as the class.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task A_spot_tapped_on_the_whistle_map_is_the_incidents_place_and_the_responders_order_map_shows_it()
    {
        var info = await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo();
        var group = info!.CellTree.Last(c => c.Level == CellLevel.Group && c.LeaderId is not null);
        var phone = await _browser.PageAsync(f.Silo.BaseAddress, 390, 844);
        await Browser.LoginAsync(phone, group.LeaderId!);
        Assert.Equal(0, await phone.Locator("script[src='/js/spot-map.js']").CountAsync());
        // The service worker installed, with the shell only: the map's files are not fetched before someone asks for the map.
        await phone.WaitForFunctionAsync("() => !!navigator.serviceWorker?.controller", null, new() { Timeout = 15_000 });
        Assert.Equal(0, await KeptMapFiles(phone));

        await phone.GetByTestId("whistle-spot-open").ClickAsync();
        await Eventually.Holds(() => phone.EvaluateAsync<bool>("() => window.gdSpotMap?.loaded ?? false"), loaded => loaded, TimeSpan.FromSeconds(15), "the whistle's map");
        // Kept as they came, for the next time without a signal.
        await Eventually.Holds(() => KeptMapFiles(phone), n => n == 3, TimeSpan.FromSeconds(10), "the map's bundle, worker and stylesheet kept by the service worker");
        await phone.GetByTestId("spot-map").ScrollIntoViewIfNeededAsync();
        var box = (await phone.GetByTestId("spot-map").BoundingBoxAsync())!;
        var (x, y) = (box.X + box.Width * 0.3f, box.Y + box.Height * 0.6f);
        await phone.Mouse.ClickAsync(x, y);
        var pick = await Eventually.Holds(() => Marks(phone), m => m.TryGetProperty("pick", out _), TimeSpan.FromSeconds(5), "the tapped spot marked");
        var (lat, lon) = (pick.GetProperty("pick").GetProperty("lat").GetDouble(), pick.GetProperty("pick").GetProperty("lon").GetDouble());
        // the spot is where the finger was on the map (the map's own projection of it; the text above it may have moved it since)
        var at = await phone.EvaluateAsync<JsonElement>("([lon, lat]) => window.gdSpotMap.project(lon, lat)", new object[] { lon, lat });
        var moved = (await phone.GetByTestId("spot-map").BoundingBoxAsync())!;
        Assert.InRange(at.GetProperty("x").GetDouble() - moved.X, x - box.X - 2, x - box.X + 2);
        Assert.InRange(at.GetProperty("y").GetDouble() - moved.Y, y - box.Y - 2, y - box.Y + 2);
        Assert.StartsWith("已在地图上选点", await phone.GetByTestId("whistle-location").InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(phone, "phone-whistle-map");

        await phone.GetByTestId("whistle-cell").SelectOptionAsync(group.CellId);
        await phone.GetByTestId("whistle-category").SelectOptionAsync("lighting");
        await phone.GetByTestId("whistle-text").FillAsync("桥头两盏路灯不亮");
        await phone.GetByTestId("whistle-submit").ClickAsync();
        var result = await phone.WaitForSelectorAsync("[data-testid=whistle-result][data-incident-id]", new() { Timeout = 15_000 });
        var incidentId = await result!.GetAttributeAsync("data-incident-id");
        // a new form: the map's mark goes with the old place
        Assert.False((await Marks(phone)).TryGetProperty("pick", out _));

        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var incident = await Eventually.Holds(() => http.GetFromJsonAsync<JsonElement>($"/api/incidents/{incidentId}"),
            i => i.GetProperty("responderId").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(10), "a responder offered the work order");
        Assert.Equal(lat, incident.GetProperty("report").GetProperty("lat").GetDouble(), 9);
        Assert.Equal(lon, incident.GetProperty("report").GetProperty("lon").GetDouble(), 9);

        var orders = await _browser.PageAsync(f.Silo.BaseAddress, 390, 844);
        await Browser.LoginAsync(orders, incident.GetProperty("responderId").GetString()!);
        var card = orders.Locator($"[data-testid=order-card][data-incident-id='{incidentId}']");
        await card.GetByTestId("order-map-open").ClickAsync(new() { Timeout = 15_000 });
        var target = await Eventually.Holds(() => Marks(orders), m => m.TryGetProperty("target", out _), TimeSpan.FromSeconds(15), "the order's map");
        Assert.Equal(lat, target.GetProperty("target").GetProperty("lat").GetDouble(), 9);
        Assert.Equal(lon, target.GetProperty("target").GetProperty("lon").GetDouble(), 9);
        Assert.True(await orders.GetByTestId("order-map").IsVisibleAsync());
        await Browser.ScreenshotAsync(orders, "phone-order-map");
        await orders.GetByTestId("order-map-close").ClickAsync();
        Assert.True(await orders.GetByTestId("order-map-sheet").IsHiddenAsync());

        static Task<JsonElement> Marks(Microsoft.Playwright.IPage page) => page.EvaluateAsync<JsonElement>("() => window.gdSpotMap?.marks() ?? {}");
    }

    /// <summary>How many of the phone map's three files the page's service worker holds, in any of its caches.</summary>
    private static Task<int> KeptMapFiles(Microsoft.Playwright.IPage page) => page.EvaluateAsync<int>("""
        async () => {
          let n = 0;
          for (const f of ['/js/spot-map.js', '/js/maplibre-gl-worker.js', '/css/maplibre-gl.css'])
            if (await caches.match(f, { ignoreSearch: true })) n++;
          return n;
        }
        """);
}
