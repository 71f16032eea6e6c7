namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// A lamp's last telemetry report, kept in its state and overwritten in place by the next one. Keeping each received
/// <see cref="LampTelemetry"/> instead left one object per lamp per report that lived until the next report (ten seconds),
/// long enough to reach the GC's oldest generation and die there: at 10,000 reports a second, the heap grew by about
/// 2.5 MB a second between full collections (#22 goal 5). Stored as <see cref="LampTelemetry"/> was: the same fields
/// under the same ids, and a record as it is (Orleans writes a record's fields after a base-type section a class lacks), so a
/// state saved before reads as it was.
/// </summary>
[GenerateSerializer, Alias("GridDispatch.Streetlights.LastReport")]
public sealed record LastReport
{
    [Id(0)] public DateTimeOffset Timestamp { get; private set; }
    [Id(1)] public bool? On { get; private set; }
    [Id(2)] public double? Brightness { get; private set; }
    [Id(3)] public double? Voltage { get; private set; }
    [Id(4)] public double? Current { get; private set; }
    [Id(5)] public double? Power { get; private set; }
    [Id(6)] public double? EnergyWh { get; private set; }
    [Id(7)] public double? Lux { get; private set; }
    [Id(8)] public double? Battery { get; private set; }
    [Id(9)] public double? Temperature { get; private set; }
    [Id(10)] public double? Tilt { get; private set; }
    [Id(11)] public double? LeakageMa { get; private set; }
    [Id(12)] public FaultSet DeviceFaults { get; private set; }

    /// <summary>Takes <paramref name="t"/>'s fields: this is now that report.</summary>
    public void Take(LampTelemetry t)
    {
        (Timestamp, On, Brightness, Voltage, Current, Power) = (t.Timestamp, t.On, t.Brightness, t.Voltage, t.Current, t.Power);
        (EnergyWh, Lux, Battery, Temperature, Tilt, LeakageMa, DeviceFaults) = (t.EnergyWh, t.Lux, t.Battery, t.Temperature, t.Tilt, t.LeakageMa, t.DeviceFaults);
    }

    /// <summary>Whether <paramref name="t"/> is this very report (a resend), field for field.</summary>
    public bool Is(LampTelemetry t) => ToTelemetry() == t;

    /// <summary>The report as the lamp sent it: a new object, so no reader sees a later report overwrite it.</summary>
    public LampTelemetry ToTelemetry() => new()
    {
        Timestamp = Timestamp, On = On, Brightness = Brightness, Voltage = Voltage, Current = Current, Power = Power, EnergyWh = EnergyWh,
        Lux = Lux, Battery = Battery, Temperature = Temperature, Tilt = Tilt, LeakageMa = LeakageMa, DeviceFaults = DeviceFaults,
    };
}
