namespace GridDispatch.Grains.Townships;

/// <summary>A township as imported: who is affiliated with it and must report (报到) in an emergency.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Townships.TownshipInfo")]
public sealed record TownshipInfo
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public string? County { get; init; }
    [Id(3)] public IReadOnlyList<Affiliate> Affiliates { get; init; } = [];
    [Id(4)] public int Lamps { get; init; }
    [Id(5)] public int Cells { get; init; }
    /// <summary>The grid tree, flat: every cell with its level and parent.</summary>
    [Id(6)] public IReadOnlyList<Grid.CellDefinition> CellTree { get; init; } = [];
    /// <summary>The topology's centre, when it gave one: a whistle located far from it is questioned on the phone.</summary>
    [Id(7)] public Topology.GeoPoint? Centre { get; init; }
}

[GenerateSerializer]
public enum AffiliateKind { Responder, Department }

/// <summary>A responder or department called to report in an emergency.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Townships.Affiliate")]
public sealed record Affiliate([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] AffiliateKind Kind);
