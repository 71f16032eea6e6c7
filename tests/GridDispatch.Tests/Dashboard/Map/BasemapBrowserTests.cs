using System.Collections.Concurrent;
using System.Net;
using System.Text;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard.Map;

/// <summary>
/// The command centre on the silo serving the MBTiles file the fixture wrote: the page fetches its tiles through the
/// silo with its token, and the raster layer shows the file's tile. Same silo as the HTTP tests of the class (the
/// example township imported into it); one page.
/// </summary>
public sealed partial class BasemapTests
{
    [Fact]
    public async Task The_command_centre_draws_the_MBTiles_basemap_fetching_its_tiles_through_the_silo()
    {
        // A township to watch (the silo has no demo): the example file, whose lamps lie inside the basemap's bounds.
        using (var county = await f.SignedInAsync(f.MbTiles))
        {
            var township = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "examples", "small-township.json"));
            using var imported = await county.PutAsync("/api/townships/qingshan/topology", new StringContent(township, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.PageAsync(f.MbTiles.BaseAddress, 1280, 720);
        var tiles = new ConcurrentQueue<IResponse>();
        page.Response += (_, r) =>
        {
            if (new Uri(r.Url).AbsolutePath.StartsWith("/api/map/tiles/", StringComparison.Ordinal)) tiles.Enqueue(r);
        };
        await Browser.LoginAsync(page, "admin", BasemapSilos.Password);

        // Centred on the red tile: the tiles in view within the file's bounds are asked for, one there, the rest missing.
        // (MapLibre's zoom counts 512-pixel tiles: 256-pixel tiles of zoom z are drawn at its zoom z - 1.)
        var (z, x, y) = BasemapSilos.CountyTile;
        var (lon, lat) = CentreOf(z, x, y);
        await page.EvaluateAsync("([lon, lat, z]) => window.gdMap.view(lon, lat, z)", new object[] { lon, lat, z - 1 });
        await page.WaitForFunctionAsync("() => window.gdMap.basemapLoaded()", null, new() { Timeout = 10_000, PollingInterval = 100 });

        var answered = await Task.WhenAll(tiles.Select(async r => (
            Path: new Uri(r.Url).AbsolutePath, Status: (HttpStatusCode)r.Status, Type: (await r.AllHeadersAsync()).GetValueOrDefault("content-type"),
            Token: (await r.Request.AllHeadersAsync()).GetValueOrDefault("authorization"), r)));
        Assert.NotEmpty(answered);
        Assert.All(answered, a => Assert.StartsWith("Bearer ", a.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(answered, a => a.Status == HttpStatusCode.Unauthorized);
        var asked = string.Join(", ", answered.Select(a => $"{a.Path} {(int)a.Status}"));
        Assert.True(answered.Count(a => a.Path == $"/api/map/tiles/{z}/{x}/{y}") == 1, $"tiles asked for: {asked}");
        var red = answered.Single(a => a.Path == $"/api/map/tiles/{z}/{x}/{y}");
        Assert.Equal((HttpStatusCode.OK, "image/png"), (red.Status, red.Type));
        Assert.Equal(BasemapSilos.Red, await red.r.BodyAsync());
        var others = answered.Where(a => a.Path != red.Path).ToList();
        Assert.NotEmpty(others);
        Assert.True(others.All(a => a.Status == HttpStatusCode.NoContent), $"tiles asked for: {asked}");

        // The raster layer shows: the tile's middle is the tile's red (at the layer's 85 % opacity), a missing tile's the dark background.
        var at = await page.EvaluateAsync<double[]>("([lon, lat]) => window.gdMap.project(lon, lat)", new object[] { lon, lat });
        var middle = await page.EvaluateAsync<int[]>("([x, y]) => window.gdMap.pixelAt(x, y)", new object[] { at[0], at[1] });
        Assert.True(middle.Length == 4 && middle[0] > 150 && middle[1] < 80 && middle[2] < 80, $"the tile's middle is rgba({string.Join(", ", middle)})");
        var (nextLon, nextLat) = CentreOf(z, x, y + 1);
        var below = await page.EvaluateAsync<double[]>("([lon, lat]) => window.gdMap.project(lon, lat)", new object[] { nextLon, nextLat });
        var missing = await page.EvaluateAsync<int[]>("([x, y]) => window.gdMap.pixelAt(x, y)", new object[] { below[0], below[1] });
        Assert.True(missing.Length == 4 && missing[0] < 60, $"a missing tile's middle is rgba({string.Join(", ", missing)})");
    }

    /// <summary>The middle of an XYZ tile as (lon, lat), on web Mercator.</summary>
    private static (double Lon, double Lat) CentreOf(int z, int x, int y)
    {
        var n = 1 << z;
        var lon = (x + 0.5) / n * 360 - 180;
        var lat = Math.Atan(Math.Sinh(Math.PI * (1 - 2 * (y + 0.5) / n))) * 180 / Math.PI;
        return (lon, lat);
    }
}
