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
    /// <summary>杆号 along <see cref="Street"/>.</summary>
    [Id(10)] public int? Pole { get; init; }

    /// <summary>What people call the lamp: road and pole number (石门路12号杆), its id when the topology gives no street.</summary>
    public string Name => Street is { } street && Pole is { } pole ? $"{street}{pole}号杆" : LampId;

    public LampKind Kind => Solar ? LampKind.Solar : LampKind.Mains;

    /// <summary>
    /// The same profile with its topology names interned: a township's, a village's, a cell's, a feeder's and a street's
    /// name is one string however many lamps name it, where each lamp read from storage would otherwise hold copies of its own.
    /// </summary>
    public LampProfile Shared() => this with
    {
        Township = string.Intern(Township), Cell = string.Intern(Cell), Village = Intern(Village), Feeder = Intern(Feeder), Street = Intern(Street),
    };

    private static string? Intern(string? name) => name is null ? null : string.Intern(name);

    public static LampProfile From(string township, Lamp lamp, string? village, int? pole = null) => new()
    {
        LampId = lamp.Id, Township = township, Cell = lamp.Cell, Village = village,
        Lat = lamp.Position.Lat, Lon = lamp.Position.Lon, Solar = lamp.Kind == LampKind.Solar,
        RatedWatts = lamp.RatedWatts, Feeder = lamp.Feeder, Street = lamp.Street, Pole = lamp.Pole ?? pole,
    };
}
