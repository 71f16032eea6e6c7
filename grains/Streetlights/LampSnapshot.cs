namespace GridDispatch.Grains.Streetlights;

/// <summary>A lamp as the command centre sees it now.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampSnapshot")]
public sealed record LampSnapshot
{
    [Id(0)] public required string LampId { get; init; }
    [Id(1)] public required string Township { get; init; }
    [Id(2)] public required string Cell { get; init; }
    [Id(3)] public string? Village { get; init; }
    [Id(4)] public double Lat { get; init; }
    [Id(5)] public double Lon { get; init; }
    [Id(6)] public bool On { get; init; }
    [Id(7)] public double? Brightness { get; init; }
    [Id(8)] public bool Online { get; init; }
    [Id(9)] public FaultSet OpenFaults { get; init; }
    [Id(10)] public DateTimeOffset? LastSeen { get; init; }
    [Id(11)] public double EnergyUsedWh { get; init; }
    [Id(12)] public double BaselineWh { get; init; }
    [Id(13)] public IReadOnlyList<Alarm> OpenAlarms { get; init; } = [];
    /// <summary>Road and pole number, e.g. 石门路12号杆 (<see cref="LampProfile.Name"/>).</summary>
    [Id(14)] public string? Name { get; init; }
    /// <summary>Supply circuit (回路/集中控制器): lamps silent together on one feeder are one outage.</summary>
    [Id(15)] public string? Feeder { get; init; }
    /// <summary>检修 in progress, if any: its alarms are suppressed until then.</summary>
    [Id(16)] public LampMaintenance? Maintenance { get; init; }
    /// <summary>Hours it said it was lit (燃亮时长), since the platform first heard it.</summary>
    [Id(17)] public double BurnHours { get; init; }
    /// <summary>On/off changes (开关次数), since the platform first heard it.</summary>
    [Id(18)] public long Switches { get; init; }
}
