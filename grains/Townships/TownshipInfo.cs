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
    /// <summary>Where the township is (its centre, or the middle of its lamps): its dusk and dawn. Null when imported before it was kept.</summary>
    [Id(8)] public double? Lat { get; init; }
    [Id(9)] public double? Lon { get; init; }

    /// <summary>The nights around <paramref name="now"/> at the township; none when its location is unknown.</summary>
    public IReadOnlyList<Streetlights.Night> NightsAround(DateTimeOffset now) =>
        Lat is { } lat && Lon is { } lon ? Streetlights.LightingHours.Nights(lat, lon, now) : [];

    /// <summary>Should the lamps be lit now? Without a location, always (the figure then reads as it did before dusk and dawn were known).</summary>
    public bool IsNight(DateTimeOffset now) => Lat is not { } lat || Lon is not { } lon || Streetlights.LightingHours.IsDue(lat, lon, now);
}

[GenerateSerializer]
public enum AffiliateKind { Responder, Department }

/// <summary>A responder or department called to report in an emergency.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Townships.Affiliate")]
public sealed record Affiliate([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] AffiliateKind Kind);
