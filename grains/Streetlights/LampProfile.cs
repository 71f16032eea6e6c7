using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Streetlights;

/// <summary>What a lamp is, from the topology: where it stands, what feeds it, what it draws at full power.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampProfile")]
public sealed record LampProfile
{
    [Id(0)] public required string LampId { get; init; }
    [Id(1)] public required string Township { get; init; }
    /// <summary>The cell id (any level) it belongs to.</summary>
    [Id(2)] public required string Cell { get; init; }
    /// <summary>Its village (片), for village-scoped users and the map.</summary>
    [Id(3)] public string? Village { get; init; }
    [Id(4)] public required double Lat { get; init; }
    [Id(5)] public required double Lon { get; init; }
    [Id(6)] public bool Solar { get; init; }
    [Id(7)] public double RatedWatts { get; init; } = 100;
    [Id(8)] public string? Feeder { get; init; }
    [Id(9)] public string? Street { get; init; }

    public LampKind Kind => Solar ? LampKind.Solar : LampKind.Mains;

    public static LampProfile From(string township, Lamp lamp, string? village) => new()
    {
        LampId = lamp.Id, Township = township, Cell = lamp.Cell, Village = village,
        Lat = lamp.Position.Lat, Lon = lamp.Position.Lon, Solar = lamp.Kind == LampKind.Solar,
        RatedWatts = lamp.RatedWatts, Feeder = lamp.Feeder, Street = lamp.Street,
    };
}
