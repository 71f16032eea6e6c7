using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Grid;

/// <summary>What a cell is, from the topology: its place in the tree and who leads it.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Grid.CellDefinition")]
public sealed record CellDefinition
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Township { get; init; }
    [Id(2)] public required string CellId { get; init; }
    [Id(3)] public required CellLevel Level { get; init; }
    [Id(4)] public required string Name { get; init; }
    /// <summary>The parent's key; null for a county (or a township without one).</summary>
    [Id(5)] public string? ParentKey { get; init; }
    [Id(6)] public string? LeaderId { get; init; }
    [Id(7)] public string? LeaderName { get; init; }
    [Id(8)] public int Households { get; init; }
    /// <summary>The leader's number from the topology: the command centre calls back a leader who blew the whistle.</summary>
    [Id(9)] public string? LeaderPhone { get; init; }
    /// <summary>Its outline from the topology, a closed ring of <c>[lon, lat]</c>; null when the file gives none (a 邻 never has one).</summary>
    [Id(10)] public IReadOnlyList<double[]>? Boundary { get; init; }

    public static CellDefinition For(string township, string cellId, CellLevel level, string name, string? parentKey, Person? leader, int households = 0,
        IReadOnlyList<double[]>? boundary = null) => new()
    {
        Key = level == CellLevel.County ? CellKeys.County(cellId) : CellKeys.Cell(township, cellId),
        Township = township,
        CellId = cellId,
        Level = level,
        Name = name,
        ParentKey = parentKey,
        LeaderId = leader?.Id,
        LeaderName = leader?.Name,
        LeaderPhone = leader?.Phone,
        Households = households,
        Boundary = CellBoundary.Closed(boundary),
    };
}
