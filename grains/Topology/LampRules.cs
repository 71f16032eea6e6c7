namespace GridDispatch.Grains.Topology;

/// <summary>Rules for streetlights (智能路灯). Runs after <see cref="GridRules"/>: lamps point into the grid.</summary>
internal static class LampRules
{
    /// <summary>Above this a "streetlight" is a floodlight tower or a typo (1200 for 120).</summary>
    public const double MaxRatedWatts = 2000;

    public static void Check(ValidationContext ctx, TownshipTopology township)
    {
        var lamps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (lamp, path) in ctx.Items("$.lamps", township.Lamps))
        {
            if (ctx.CheckId($"{path}.id", lamp.Id)) ctx.CheckUnique(lamps, $"{path}.id", lamp.Id, "lamp");
            CheckCellReference(ctx, $"{path}.cell", lamp.Cell);
            if (lamp.Position is null) ctx.Add($"{path}.position", "is required");
            ctx.CheckGeo($"{path}.position", lamp.Position);
            if (!Enum.IsDefined(lamp.Kind)) ctx.Add($"{path}.kind", $"{(int)lamp.Kind} is not a lamp kind");
            if (!(lamp.RatedWatts > 0 && lamp.RatedWatts <= MaxRatedWatts))
                ctx.Add($"{path}.ratedWatts", $"{lamp.RatedWatts} is outside (0, {MaxRatedWatts}]");
            ctx.CheckOptionalText($"{path}.feeder", lamp.Feeder);
            ctx.CheckOptionalText($"{path}.street", lamp.Street);
            if (lamp.Pole is < 1 or > 99_999) ctx.Add($"{path}.pole", $"{lamp.Pole} is outside [1, 99999]");
        }
    }

    private static void CheckCellReference(ValidationContext ctx, string path, string? cell)
    {
        if (string.IsNullOrEmpty(cell)) ctx.Add(path, "is required");
        else if (!ctx.Cells.ContainsKey(cell)) ctx.Add(path, $"cell '{cell}' is not a village, group or neighbourhood of this township");
    }
}
