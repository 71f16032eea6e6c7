using System.Globalization;

namespace GridDispatch.Dashboard.Map;

/// <summary>One tile of the web-mercator pyramid, as XYZ numbers it (row 0 at the top).</summary>
public readonly record struct TileAddress(int Z, int X, int Y)
{
    /// <summary>Deeper than any basemap goes; also keeps <c>1 &lt;&lt; z</c> in range.</summary>
    public const int MaxZoom = 24;

    /// <summary>The row MBTiles stores it under: TMS counts rows from the bottom.</summary>
    public int TmsRow => (1 << Z) - 1 - Y;

    /// <summary>Parses the route's parts; false with the reason for anything but a tile that can exist.</summary>
    public static bool TryParse(string z, string x, string y, out TileAddress tile, out string problem)
    {
        tile = default;
        if (!Int(z, out var zoom) || zoom > MaxZoom) { problem = $"z must be an integer 0 to {MaxZoom}"; return false; }
        var size = 1 << zoom;
        if (!Int(x, out var column) || column >= size) { problem = $"x must be an integer 0 to {size - 1} at zoom {zoom}"; return false; }
        if (!Int(y, out var row) || row >= size) { problem = $"y must be an integer 0 to {size - 1} at zoom {zoom}"; return false; }
        tile = new TileAddress(zoom, column, row);
        problem = "";
        return true;
    }

    private static bool Int(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && text.Length <= 8;
}
