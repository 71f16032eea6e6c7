namespace GridDispatch.Grains.Grid;

/// <summary>The levels of the grid tree, top down. Escalation climbs towards <see cref="County"/>.</summary>
[GenerateSerializer]
public enum CellLevel
{
    /// <summary>县.</summary>
    County,
    /// <summary>乡镇.</summary>
    Township,
    /// <summary>村/社区 (片).</summary>
    Village,
    /// <summary>村民小组 (组).</summary>
    Group,
    /// <summary>邻.</summary>
    Neighbourhood,
}
