using System.Diagnostics.Metrics;

namespace GridDispatch.Dashboard.Map;

/// <summary><c>griddispatch_map_tiles_total{outcome}</c>: tiles served, missing (204), refused (400) or failed upstream (502).</summary>
public static class MapMetrics
{
    private static readonly Meter Meter = new("GridDispatch.Map");
    private static readonly Counter<long> Tiles = Meter.CreateCounter<long>("griddispatch.map.tiles", "{tile}",
        "Basemap tile requests by outcome: served, not_modified, missing, invalid, upstream_failed");

    public static void Count(string outcome) => Tiles.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
