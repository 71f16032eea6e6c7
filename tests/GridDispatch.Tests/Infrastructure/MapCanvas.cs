using System.Text.Json;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// The command centre's WebGL map, read and pointed at through the page's test hook (<c>window.gdMap</c>): what it
/// has drawn, and where a lamp is on the page, so a test clicks or hovers the lamp's pixel as a person would.
/// </summary>
public static class MapCanvas
{
    /// <summary>Until the map has drawn its snapshot's lamps (at least one lamp on the canvas).</summary>
    public static async Task WaitDrawnAsync(IPage page, float timeoutMs = 30_000) =>
        await page.WaitForFunctionAsync("() => !!window.gdMap && window.gdMap.loaded && window.gdMap.renderedLampCount() > 0", null,
            new() { Timeout = timeoutMs, PollingInterval = 100 });

    public static Task<int> RenderedLampCountAsync(IPage page) => page.EvaluateAsync<int>("() => window.gdMap.renderedLampCount()");

    /// <summary>Centres the map on the lamp, close enough that no other lamp covers it, and returns its point on the page.</summary>
    public static async Task<(float X, float Y)> ShowLampAsync(IPage page, string lampId)
    {
        await WaitDrawnAsync(page);
        var point = await page.EvaluateAsync<JsonElement>("id => window.gdMap.showLamp(id)", lampId);
        if (point.ValueKind != JsonValueKind.Array) throw new InvalidOperationException($"{lampId} is not on the map");
        return ((float)point[0].GetDouble(), (float)point[1].GetDouble());
    }

    public static async Task ClickLampAsync(IPage page, string lampId)
    {
        var (x, y) = await ShowLampAsync(page, lampId);
        await page.Mouse.ClickAsync(x, y);
    }

    public static async Task HoverLampAsync(IPage page, string lampId)
    {
        var (x, y) = await ShowLampAsync(page, lampId);
        await page.Mouse.MoveAsync(x - 30, y - 30);
        await page.Mouse.MoveAsync(x, y, new() { Steps = 3 });
    }

    /// <summary>The map's centre as (lon, lat).</summary>
    public static async Task<(double Lon, double Lat)> CentreAsync(IPage page)
    {
        var c = await page.EvaluateAsync<JsonElement>("() => window.gdMap.centre()");
        return (c[0].GetDouble(), c[1].GetDouble());
    }
}
