using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GridDispatch.Dashboard.Map;

/// <summary>
/// The map's basemap for the signed-in page: <c>GET /api/map/basemap</c> (which source), <c>GET /api/map/tiles/{z}/{x}/{y}</c>
/// (from the MBTiles file, or fetched from the XYZ server) and <c>GET /api/map/basemap.pmtiles</c> (the PMTiles file, by
/// HTTP range). Served by the process that serves the screen.
/// </summary>
public static class MapEndpoints
{
    /// <summary>Tiles change only when the operator replaces the file: an hour in the browser, then revalidated by ETag.</summary>
    private const string CacheControl = "private, max-age=3600";

    public static IEndpointRouteBuilder MapBasemap(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/map").RequireAuthorization().WithTags("map");
        group.MapGet("/basemap", (IOptions<BasemapOptions> options, MbTilesFile mbtiles) => TypedResults.Ok(BasemapReply.For(options.Value, mbtiles)));
        group.MapGet("/tiles/{z}/{x}/{y}", Tile);
        group.MapGet("/basemap.pmtiles", PmTiles);
        return app;
    }

    public static async Task<IResult> Tile(string z, string x, string y, HttpContext http, IOptions<BasemapOptions> options, MbTilesFile mbtiles, XyzTileProxy proxy)
    {
        if (!TileAddress.TryParse(z, x, y, out var tile, out var problem))
        {
            MapMetrics.Count("invalid");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid request", detail: problem);
        }

        switch (options.Value.Kind)
        {
            case BasemapKind.MbTiles:
                return await FromFile(tile, http, mbtiles);
            case BasemapKind.Xyz:
                return await FromUpstream(tile, http, proxy);
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found",
                    detail: $"the basemap is {options.Value.Kind}: no tiles are served here (Map:Basemap:Kind)");
        }
    }

    private static async Task<IResult> FromFile(TileAddress tile, HttpContext http, MbTilesFile file)
    {
        // The file's length and time with the tile's address: a new file makes new tags, and a 304 needs no read.
        var stamp = new FileInfo(file.FilePath);
        var tag = new EntityTagHeaderValue($"\"{stamp.Length:x}-{stamp.LastWriteTimeUtc.Ticks:x}-{tile.Z}-{tile.X}-{tile.Y}\"");
        http.Response.Headers.CacheControl = CacheControl;
        http.Response.Headers.ETag = tag.ToString();
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(tag, useStrongComparison: false)))
        {
            MapMetrics.Count("not_modified");
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var data = await file.ReadAsync(tile, http.RequestAborted);
        return Served(http, data, TileFormat.ContentType(file.Metadata.Format)!);
    }

    private static async Task<IResult> FromUpstream(TileAddress tile, HttpContext http, XyzTileProxy proxy)
    {
        if (await proxy.FetchAsync(tile, http.RequestAborted) is not { } answer)
        {
            MapMetrics.Count("upstream_failed");
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "basemap server unavailable",
                detail: $"tile {tile.Z}/{tile.X}/{tile.Y} could not be fetched from the configured XYZ server");
        }

        http.Response.Headers.CacheControl = CacheControl;
        return Served(http, answer.Data, answer.ContentType ?? "application/octet-stream");
    }

    /// <summary>A tile the source does not have is no error: MapLibre draws nothing there (204, not an error page).</summary>
    private static IResult Served(HttpContext http, byte[]? data, string contentType)
    {
        if (data is null)
        {
            MapMetrics.Count("missing");
            return TypedResults.NoContent();
        }

        if (contentType == "application/x-protobuf" && TileFormat.IsGzip(data)) http.Response.Headers.ContentEncoding = "gzip";
        MapMetrics.Count("served");
        return TypedResults.Bytes(data, contentType);
    }

    /// <summary>The whole PMTiles archive by HTTP range (206, or 416 beyond its end): the page's pmtiles reader asks for what it needs.</summary>
    public static IResult PmTiles(HttpContext http, IOptions<BasemapOptions> options)
    {
        if (options.Value.Kind != BasemapKind.PmTiles)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found",
                detail: $"the basemap is {options.Value.Kind}, not a PMTiles file (Map:Basemap:Kind)");
        var file = new FileInfo(options.Value.Path!);
        http.Response.Headers.CacheControl = CacheControl;
        var tag = new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"");
        return TypedResults.PhysicalFile(file.FullName, "application/vnd.pmtiles", lastModified: file.LastWriteTimeUtc, entityTag: tag,
            enableRangeProcessing: true);
    }
}
