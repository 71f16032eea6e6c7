namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Values no real lamp can report. A report outside them is refused as a whole (and counted by the
/// caller): a lamp that says 9,000 V is broken or lying, and none of its figures can be trusted.
/// </summary>
public static class TelemetryLimits
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Null if plausible, else what is wrong.</summary>
    public static string? Check(LampTelemetry t, DateTimeOffset now) =>
        t.Timestamp > now + MaxClockSkew ? $"timestamp {t.Timestamp:O} is in the future"
        : t.Timestamp < new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) ? $"timestamp {t.Timestamp:O} is before 2020"
        : Outside(t.Brightness, 0, 100, "brightness")
          ?? Outside(t.Voltage, 0, 500, "voltage")
          ?? Outside(t.Current, 0, 100, "current")
          ?? Outside(t.Power, 0, 5_000, "power")
          ?? Outside(t.EnergyWh, 0, 1e9, "energyWh")
          ?? Outside(t.Lux, 0, 200_000, "lux")
          ?? Outside(t.Battery, 0, 100, "battery")
          ?? Outside(t.Temperature, -60, 120, "temperature")
          ?? Outside(t.Tilt, 0, 90, "tilt")
          ?? Outside(t.LeakageMa, 0, 10_000, "leakageMa");

    private static string? Outside(double? value, double min, double max, string name) =>
        value is { } v && (double.IsNaN(v) || v < min || v > max) ? $"{name} {v} outside [{min}, {max}]" : null;
}
