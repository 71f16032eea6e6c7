namespace GridDispatch.Grains.Topology;

/// <summary>
/// Checks a township topology against the rules of docs/TOPOLOGY.md and reports every problem
/// at once, so an operator can fix a file in one round rather than one error per reload.
/// </summary>
public static class TopologyValidator
{
    /// <summary>All problems found, in file order (grid, lamps, departments, responders); empty when the topology is sound.</summary>
    public static IReadOnlyList<TopologyError> Validate(TownshipTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var ctx = new ValidationContext();
        CheckTownship(ctx, topology);
        GridRules.Check(ctx, topology);
        LampRules.Check(ctx, topology);
        var departments = DepartmentRules.Check(ctx, topology);
        ResponderRules.Check(ctx, topology, departments);
        return ctx.Errors;
    }

    private static void CheckTownship(ValidationContext ctx, TownshipTopology township)
    {
        if (string.IsNullOrEmpty(township.Id)) ctx.Add("$.id", "is required");
        else if (!TopologyIds.IsValidTownshipId(township.Id))
            ctx.Add("$.id", $"'{township.Id}' must match {TopologyIds.TownshipPattern} (lower-case letters, digits, '-'; at most 63)");
        ctx.CheckName("$.name", township.Name);
        CheckCounty(ctx, township.County);
        ctx.CheckOptionalText("$.countyName", township.CountyName);
        ctx.CheckGeo("$.centre", township.Centre);
    }

    /// <summary>The county id keys the county cell and is a watchable scope, like a township id.</summary>
    private static void CheckCounty(ValidationContext ctx, string? county)
    {
        ctx.CheckOptionalText("$.county", county);
        if (string.IsNullOrWhiteSpace(county)) return;
        if (!TopologyIds.IsValidTownshipId(county))
            ctx.Add("$.county", $"'{county}' must match {TopologyIds.TownshipPattern} (lower-case letters, digits, '-'): it keys the county cell and is a scope to watch");
    }
}
