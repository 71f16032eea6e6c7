namespace GridDispatch.Grains.Topology;

/// <summary>Rules for the grid tree: villages (片) → groups (组) → neighbourhoods (邻).</summary>
internal static class GridRules
{
    public static void Check(ValidationContext ctx, TownshipTopology township)
    {
        foreach (var (village, path) in ctx.Items("$.villages", township.Villages))
        {
            CheckCell(ctx, township, path, village.Id, village.Name, village.Leader);
            ctx.CheckGeo($"{path}.position", village.Position);
            CellBoundary.Check(ctx, $"{path}.boundary", village.Boundary);
            foreach (var (group, groupPath) in ctx.Items($"{path}.groups", village.Groups))
            {
                CheckCell(ctx, township, groupPath, group.Id, group.Name, group.Leader);
                CellBoundary.Check(ctx, $"{groupPath}.boundary", group.Boundary);
                foreach (var (cell, cellPath) in ctx.Items($"{groupPath}.neighbourhoods", group.Neighbourhoods))
                    CheckNeighbourhood(ctx, township, cellPath, cell);
            }
        }
    }

    private static void CheckNeighbourhood(ValidationContext ctx, TownshipTopology township, string path, Neighbourhood cell)
    {
        CheckCell(ctx, township, path, cell.Id, cell.Name, cell.Leader);
        if (cell.Households < 0) ctx.Add($"{path}.households", $"{cell.Households} is negative");
        foreach (var (member, memberPath) in ctx.Items($"{path}.members", cell.Members))
            ctx.CheckPerson(memberPath, member);
    }

    /// <summary>What every cell shares: an MQTT-safe id unique across all levels, a name, a leader.</summary>
    private static void CheckCell(ValidationContext ctx, TownshipTopology township, string path, string? id, string? name, Person? leader)
    {
        if (ctx.CheckId($"{path}.id", id))
        {
            // The township is the root cell of its own tree; a child must not take its id.
            if (id == township.Id) ctx.Add($"{path}.id", $"'{id}' is the township's own id");
            else ctx.CheckUnique(ctx.Cells, $"{path}.id", id, "cell");
        }
        ctx.CheckName($"{path}.name", name);
        ctx.CheckPerson($"{path}.leader", leader);
    }
}
