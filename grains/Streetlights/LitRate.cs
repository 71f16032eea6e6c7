using GridDispatch.Grains.Grid;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// 亮灯率 measured only against the lamps that should be lit now (应亮灯): at night every reporting lamp
/// (an offline lamp cannot say whether it is lit, it counts as 离线); by day none, so the rate is not a
/// figure at all and the lamps that are off are off as planned (白天按计划关灯).
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LitRate")]
public sealed record LitRate
{
    /// <summary>Night at the township: lamps are due to be lit.</summary>
    [Id(0)] public bool Due { get; init; }
    /// <summary>应亮灯: lamps due to be lit now and reporting.</summary>
    [Id(1)] public int LampsDue { get; init; }
    [Id(2)] public int LampsLit { get; init; }
    /// <summary>By day: reporting lamps that are off, as they should be.</summary>
    [Id(3)] public int LampsOffAsPlanned { get; init; }
    /// <summary>Lit / due, 0–1; null by day or when no lamp is due.</summary>
    [Id(4)] public double? Rate { get; init; }

    public static LitRate Of(CellFigures f, bool night)
    {
        var reporting = Math.Max(0, f.LampsTotal - f.LampsOffline);
        if (!night) return new LitRate { Due = false, LampsLit = f.LampsLit, LampsOffAsPlanned = Math.Max(0, reporting - f.LampsLit) };
        return new LitRate { Due = true, LampsDue = reporting, LampsLit = f.LampsLit, Rate = reporting > 0 ? (double)f.LampsLit / reporting : null };
    }
}
