namespace GridDispatch.Dashboard.Map;

/// <summary>Tile formats as MBTiles' <c>format</c> names them, and what a browser needs to hear for each.</summary>
public static class TileFormat
{
    /// <summary>The Content-Type for a format; null for one we do not serve.</summary>
    public static string? ContentType(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "png" => "image/png",
        "jpg" or "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pbf" or "mvt" => "application/x-protobuf",
        _ => null,
    };

    /// <summary>Vector tiles are usually stored gzipped: the browser must be told, or MapLibre reads gzip as protobuf.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}
