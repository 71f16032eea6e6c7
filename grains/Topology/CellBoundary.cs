namespace GridDispatch.Grains.Topology;

/// <summary>
/// A cell's outline (网格边界) as the topology file gives it: one ring of <c>[lon, lat]</c> points in decimal degrees,
/// GeoJSON's order. The file may close the ring (last point = first) or not; it is stored closed, as GeoJSON wants.
/// </summary>
public static class CellBoundary
{
    /// <summary>Enough for a surveyed village outline; a ring is sent to every screen with the cells.</summary>
    public const int MaxPoints = 2_000;

    internal static void Check(ValidationContext ctx, string path, IReadOnlyList<double[]?>? ring)
    {
        if (ring is null) return; // optional: the map draws the hull of the cell's lamps instead
        var valid = true;
        for (var i = 0; i < ring.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (ring[i] is not { Length: 2 } point) { ctx.Add(at, "must be a [lon, lat] pair"); valid = false; continue; }
            // Written so that NaN fails too.
            if (!(point[0] >= -180 && point[0] <= 180)) { ctx.Add($"{at}[0]", $"lon {point[0]} is outside [-180, 180]"); valid = false; }
            if (!(point[1] >= -90 && point[1] <= 90)) { ctx.Add($"{at}[1]", $"lat {point[1]} is outside [-90, 90]"); valid = false; }
        }

        if (!valid) return;
        var distinct = ring.Select(p => (p![0], p[1])).Distinct().Count();
        if (distinct < 3) ctx.Add(path, $"a boundary needs at least 3 distinct [lon, lat] points; this has {distinct}");
        if (ring.Count > MaxPoints + 1) ctx.Add(path, $"{ring.Count} points is more than {MaxPoints}; simplify the outline");
    }

    /// <summary>The ring closed (its first point repeated at the end), or null when there is none.</summary>
    public static IReadOnlyList<double[]>? Closed(IReadOnlyList<double[]>? ring)
    {
        if (ring is not { Count: > 0 }) return null;
        var first = ring[0];
        var last = ring[^1];
        return first[0] == last[0] && first[1] == last[1]
            ? [.. ring.Select(p => new[] { p[0], p[1] })]
            : [.. ring.Select(p => new[] { p[0], p[1] }), new[] { first[0], first[1] }];
    }
}
