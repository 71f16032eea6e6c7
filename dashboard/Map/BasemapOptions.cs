using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Dashboard.Map;

/// <summary>Where the map's roads and terrain come from: nothing (the topology alone), a tile server, or a local file.</summary>
public enum BasemapKind { None, Xyz, MbTiles, PmTiles }

/// <summary>
/// The command-centre map's basemap (底图), set by the operator. Section <c>Map:Basemap</c>. An XYZ template's key
/// (天地图 <c>tk=…</c>) stays here: the silo fetches those tiles for the page, which only ever sees
/// <c>/api/map/tiles/…</c>. A local MBTiles or PMTiles file serves a county LAN with no internet.
/// </summary>
public sealed class BasemapOptions : IValidatableObject
{
    public const string Section = "Map:Basemap";

    public BasemapKind Kind { get; set; } = BasemapKind.None;

    /// <summary>XYZ template with <c>{z}</c>, <c>{x}</c> and <c>{y}</c> (or <c>{-y}</c> for a TMS server), http or https.</summary>
    public string? Url { get; set; }

    /// <summary>The MBTiles or PMTiles file.</summary>
    public string? Path { get; set; }

    /// <summary>Credit shown on the map (e.g. 审图号 and the source); for MBTiles, overrides the file's own.</summary>
    public string? Attribution { get; set; }

    /// <summary>For XYZ and PMTiles; an MBTiles file states its own, which these override when set.</summary>
    [Range(0, 24)] public int? MinZoom { get; set; }

    [Range(0, 24)] public int? MaxZoom { get; set; }

    [Range(64, 1024)] public int TileSize { get; set; } = 256;

    /// <summary>For XYZ and PMTiles: png, jpg, webp or pbf. An MBTiles file names its own.</summary>
    public string Format { get; set; } = "png";

    /// <summary>How long the silo waits for a tile from the XYZ server.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinZoom > MaxZoom) yield return new($"Map:Basemap:MinZoom ({MinZoom}) is above MaxZoom ({MaxZoom})", [nameof(MinZoom)]);
        if (TileFormat.ContentType(Format) is null) yield return new($"Map:Basemap:Format '{Format}' is not one of png, jpg, webp, pbf", [nameof(Format)]);
        switch (Kind)
        {
            case BasemapKind.Xyz when XyzTemplate.Problem(Url) is { } problem:
                yield return new($"Map:Basemap:Url {problem}", [nameof(Url)]);
                break;
            case BasemapKind.MbTiles or BasemapKind.PmTiles when string.IsNullOrWhiteSpace(Path) || !File.Exists(Path):
                yield return new($"Map:Basemap:Kind is {Kind} but Map:Basemap:Path ('{Path}') is not a file", [nameof(Path)]);
                break;
            case BasemapKind.MbTiles when MbTilesFile.Problem(Path!) is { } problem:
                yield return new($"Map:Basemap:Path {problem}", [nameof(Path)]);
                break;
        }
    }
}
