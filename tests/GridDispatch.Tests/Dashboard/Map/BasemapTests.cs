using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridDispatch.Tests.Dashboard.Map;

/// <summary>The map's basemap through the silo: tiles from an MBTiles file, a PMTiles file by range, only for the signed in.</summary>
public sealed partial class BasemapTests(BasemapSilos f) : IClassFixture<BasemapSilos>
{
    [Fact]
    public async Task Tiles_come_from_the_MBTiles_file_with_rows_flipped_and_a_missing_tile_is_204()
    {
        using var http = await f.SignedInAsync(f.MbTiles);

        using var top = await http.GetAsync("/api/map/tiles/2/1/0");
        using var bottom = await http.GetAsync("/api/map/tiles/2/1/3");
        using var missing = await http.GetAsync("/api/map/tiles/2/2/2");

        Assert.Equal(HttpStatusCode.OK, top.StatusCode);
        Assert.Equal("image/png", top.Content.Headers.ContentType?.MediaType);
        Assert.Equal(BasemapSilos.Red, await top.Content.ReadAsByteArrayAsync());
        Assert.Equal(BasemapSilos.Blue, await bottom.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, missing.StatusCode);
        Assert.Empty(await missing.Content.ReadAsByteArrayAsync());

        // The browser revalidates by ETag: the same tile again is a 304 with no body.
        Assert.NotNull(top.Headers.ETag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/map/tiles/2/1/0");
        again.Headers.IfNoneMatch.Add(top.Headers.ETag!);
        using var notModified = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("/api/map/tiles/a/1/0")]
    [InlineData("/api/map/tiles/2/4/0")] // zoom 2 has columns 0 to 3
    [InlineData("/api/map/tiles/2/1/-1")]
    [InlineData("/api/map/tiles/99/0/0")]
    [InlineData("/api/map/tiles/2/1/0.png")]
    public async Task A_tile_address_that_cannot_exist_is_400(string path)
    {
        using var http = await f.SignedInAsync(f.MbTiles);
        using var answer = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_basemap_source_is_read_from_the_MBTiles_metadata()
    {
        using var http = await f.SignedInAsync(f.MbTiles);
        var basemap = await http.GetFromJsonAsync<JsonElement>("/api/map/basemap");

        Assert.Equal("mbtiles", basemap.GetProperty("kind").GetString());
        Assert.Equal(["/api/map/tiles/{z}/{x}/{y}"], basemap.GetProperty("tiles").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("png", basemap.GetProperty("format").GetString());
        Assert.Equal(256, basemap.GetProperty("tileSize").GetInt32());
        Assert.Equal((0, 14), (basemap.GetProperty("minzoom").GetInt32(), basemap.GetProperty("maxzoom").GetInt32()));
        Assert.Equal([102.1, 26.3, 102.6, 26.9], basemap.GetProperty("bounds").EnumerateArray().Select(b => b.GetDouble()));
        Assert.Equal("© 测试底图", basemap.GetProperty("attribution").GetString());
        Assert.False(basemap.TryGetProperty("url", out _)); // only what applies to this kind
    }

    [Fact]
    public async Task The_PMTiles_file_is_served_by_range()
    {
        using var http = await f.SignedInAsync(f.PmTiles);
        var basemap = await http.GetFromJsonAsync<JsonElement>("/api/map/basemap");
        Assert.Equal("pmtiles", basemap.GetProperty("kind").GetString());
        Assert.Equal("/api/map/basemap.pmtiles", basemap.GetProperty("url").GetString());
        Assert.Equal(15, basemap.GetProperty("maxzoom").GetInt32());

        using var middle = await Range(http, new RangeHeaderValue(100, 227));
        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal($"bytes 100-227/{f.Archive.Length}", middle.Content.Headers.ContentRange?.ToString());
        Assert.Equal(f.Archive[100..228], await middle.Content.ReadAsByteArrayAsync());

        using var suffix = await Range(http, new RangeHeaderValue(null, 500));
        Assert.Equal(HttpStatusCode.PartialContent, suffix.StatusCode);
        Assert.Equal(f.Archive[^500..], await suffix.Content.ReadAsByteArrayAsync());

        using var beyond = await Range(http, new RangeHeaderValue(f.Archive.Length + 10, null));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Equal($"bytes */{f.Archive.Length}", beyond.Content.Headers.ContentRange?.ToString());

        // The MBTiles route has nothing to serve here, and says so rather than failing.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/map/tiles/0/0/0")).StatusCode);
    }

    [Theory]
    [InlineData("/api/map/basemap")]
    [InlineData("/api/map/tiles/2/1/0")]
    [InlineData("/api/map/basemap.pmtiles")]
    public async Task Nothing_of_the_map_is_served_without_signing_in(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = f.MbTiles.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        using var anonymousPm = new HttpClient { BaseAddress = f.PmTiles.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymousPm.GetAsync(path)).StatusCode);
    }

    private static Task<HttpResponseMessage> Range(HttpClient http, RangeHeaderValue range)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/map/basemap.pmtiles");
        request.Headers.Range = range;
        return http.SendAsync(request);
    }
}
