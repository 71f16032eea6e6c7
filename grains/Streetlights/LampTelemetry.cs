namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// One telemetry report of a lamp (docs/INTERFACES.md, <c>gd/{township}/lamp/{lampId}/telemetry</c>).
/// Every field but the timestamp is optional: a lamp reports what its hardware measures.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampTelemetry")]
public sealed record LampTelemetry
{
    [Id(0)] public required DateTimeOffset Timestamp { get; init; }
    [Id(1)] public bool? On { get; init; }
    /// <summary>0–100 %.</summary>
    [Id(2)] public double? Brightness { get; init; }
    /// <summary>Supply volts (mains lamps) or battery volts (solar).</summary>
    [Id(3)] public double? Voltage { get; init; }
    /// <summary>Amperes.</summary>
    [Id(4)] public double? Current { get; init; }
    /// <summary>Watts.</summary>
    [Id(5)] public double? Power { get; init; }
    /// <summary>The lamp's cumulative energy meter, watt-hours.</summary>
    [Id(6)] public double? EnergyWh { get; init; }
    /// <summary>Ambient light, lux.</summary>
    [Id(7)] public double? Lux { get; init; }
    /// <summary>Solar battery state of charge, %.</summary>
    [Id(8)] public double? Battery { get; init; }
    /// <summary>°C.</summary>
    [Id(9)] public double? Temperature { get; init; }
    /// <summary>Pole tilt from vertical, degrees.</summary>
    [Id(10)] public double? Tilt { get; init; }
    /// <summary>Leakage current, milliamperes.</summary>
    [Id(11)] public double? LeakageMa { get; init; }
    /// <summary>Faults the device itself reports.</summary>
    [Id(12)] public FaultSet DeviceFaults { get; init; }
}
