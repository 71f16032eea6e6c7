using System.Text.Json.Serialization;

namespace GridDispatch.Dashboard.Map;

/// <summary>
/// <c>GET /api/map/basemap</c>: what the page hands MapLibre as its basemap source. The shape is the contract of
/// docs/INTERFACES.md: <c>kind</c> none, xyz, mbtiles or pmtiles; the rest only where it applies (absent, not null).
/// </summary>
public sealed record BasemapReply(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("tiles"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Tiles = null,
    [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonPropertyName("format"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Format = null,
    [property: JsonPropertyName("tileSize"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TileSize = null,
    [property: JsonPropertyName("minzoom"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MinZoom = null,
    [property: JsonPropertyName("maxzoom"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxZoom = null,
    [property: JsonPropertyName("bounds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Bounds = null,
    [property: JsonPropertyName("attribution"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Attribution = null)
{
    public const string TilesPath = "/api/map/tiles/{z}/{x}/{y}";
    public const string PmTilesPath = "/api/map/basemap.pmtiles";

    public static BasemapReply For(BasemapOptions o, MbTilesFile mbtiles) => o.Kind switch
    {
        // XYZ tiles come through the silo: the template (and its key) never reaches the page.
        BasemapKind.Xyz => new("xyz", Tiles: [TilesPath], Format: o.Format, TileSize: o.TileSize,
            MinZoom: o.MinZoom ?? 0, MaxZoom: o.MaxZoom ?? 18, Attribution: o.Attribution),
        BasemapKind.MbTiles => MbTiles(o, mbtiles.Metadata),
        BasemapKind.PmTiles => new("pmtiles", Url: PmTilesPath, Format: o.Format, TileSize: o.TileSize,
            MinZoom: o.MinZoom ?? 0, MaxZoom: o.MaxZoom ?? 18, Attribution: o.Attribution),
        _ => new("none"),
    };

    /// <summary>Format, zooms, bounds and attribution as the file states them; the operator's settings win where given.</summary>
    private static BasemapReply MbTiles(BasemapOptions o, MbTilesMetadata m) => new("mbtiles", Tiles: [TilesPath], Format: m.Format,
        TileSize: o.TileSize, MinZoom: o.MinZoom ?? m.MinZoom, MaxZoom: o.MaxZoom ?? m.MaxZoom, Bounds: m.Bounds, Attribution: o.Attribution ?? m.Attribution);
}
