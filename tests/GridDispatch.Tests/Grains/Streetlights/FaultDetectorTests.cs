using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Tests.Grains.Streetlights;

public sealed class FaultDetectorTests
{
    private static readonly FaultThresholds Limits = new();
    private static readonly DateTimeOffset Dusk = new(2026, 11, 24, 18, 30, 0, TimeSpan.FromHours(8));

    /// <summary>A healthy mains lamp at night: lit, normal supply, drawing current, dark outside.</summary>
    private static LampTelemetry Healthy => new()
    {
        Timestamp = Dusk, On = true, Brightness = 80, Voltage = 221.5, Current = 0.41, Power = 90.2,
        Lux = 3.2, Battery = 87, Tilt = 0.4, LeakageMa = 0,
    };

    public static TheoryData<string, LampTelemetry, LampKind, FaultCode> EachFault => new()
    {
        { "on, no current", Healthy with { Current = 0.0 }, LampKind.Mains, FaultCode.LAMP_FAILURE },
        { "supply 0 V", Healthy with { Voltage = 0, Current = 0 }, LampKind.Mains, FaultCode.POWER_FAILURE },
        { "supply 170 V", Healthy with { Voltage = 170 }, LampKind.Mains, FaultCode.POWER_FAILURE },
        { "supply 262 V", Healthy with { Voltage = 262 }, LampKind.Mains, FaultCode.OVER_VOLTAGE },
        { "lit at noon", Healthy with { Lux = 20_000 }, LampKind.Mains, FaultCode.DAY_BURNING },
        { "solar at 15 %", Healthy with { Battery = 15 }, LampKind.Solar, FaultCode.LOW_BATTERY },
        { "pole at 14°", Healthy with { Tilt = 14 }, LampKind.Mains, FaultCode.POLE_TILT },
        { "leaking 45 mA", Healthy with { LeakageMa = 45 }, LampKind.Mains, FaultCode.LEAKAGE },
        { "device says so", Healthy with { DeviceFaults = FaultSet.Of(FaultCode.LAMP_FAILURE) }, LampKind.Mains, FaultCode.LAMP_FAILURE },
    };

    [Theory, MemberData(nameof(EachFault))]
    public void Each_fault_is_derived_from_the_telemetry_that_shows_it(string why, LampTelemetry telemetry, LampKind kind, FaultCode expected)
    {
        var faults = FaultDetector.Detect(telemetry, kind, Limits);

        Assert.True(faults.Contains(expected), $"{why}: expected {expected}, got {faults}");
        Assert.Equal(FaultSet.Of(expected), faults);
    }

    [Fact]
    public void A_healthy_lamp_shows_no_fault_whether_mains_or_solar()
    {
        Assert.True(FaultDetector.Detect(Healthy, LampKind.Mains, Limits).IsEmpty);
        Assert.True(FaultDetector.Detect(Healthy, LampKind.Solar, Limits).IsEmpty);
    }

    [Fact]
    public void Lost_supply_is_a_power_failure_not_also_a_dead_lamp()
    {
        var faults = FaultDetector.Detect(Healthy with { Voltage = 0, Current = 0 }, LampKind.Mains, Limits);

        Assert.Equal(FaultSet.Of(FaultCode.POWER_FAILURE), faults);
    }

    [Fact]
    public void Mains_thresholds_do_not_apply_to_a_solar_lamps_battery_voltage()
    {
        var faults = FaultDetector.Detect(Healthy with { Voltage = 12.6 }, LampKind.Solar, Limits);

        Assert.True(faults.IsEmpty);
    }

    [Fact]
    public void A_lamp_switched_off_draws_no_current_and_that_is_fine()
    {
        Assert.True(FaultDetector.Detect(Healthy with { On = false, Current = 0, Lux = 30_000 }, LampKind.Mains, Limits).IsEmpty);
    }

    [Fact]
    public void A_lamp_an_emergency_lit_is_not_burning_by_day()
    {
        Assert.True(FaultDetector.Detect(Healthy with { Lux = 20_000 }, LampKind.Mains, Limits, litOnPurpose: true).IsEmpty);
    }

    [Fact]
    public void Fields_a_lamp_does_not_report_raise_nothing()
    {
        Assert.True(FaultDetector.Detect(new LampTelemetry { Timestamp = Dusk }, LampKind.Mains, Limits).IsEmpty);
        Assert.True(FaultDetector.Detect(new LampTelemetry { Timestamp = Dusk, On = true }, LampKind.Mains, Limits).IsEmpty);
    }

    [Fact]
    public void A_device_cannot_claim_comm_loss_about_itself()
    {
        var faults = FaultDetector.Detect(Healthy with { DeviceFaults = FaultSet.Of(FaultCode.COMM_LOSS) }, LampKind.Mains, Limits);

        Assert.False(faults.Contains(FaultCode.COMM_LOSS));
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var strict = new FaultThresholds { MaxLeakageMa = 10, MaxTiltDegrees = 5 };
        var faults = FaultDetector.Detect(Healthy with { LeakageMa = 12, Tilt = 6 }, LampKind.Mains, strict);

        Assert.Equal(FaultSet.Of(FaultCode.LEAKAGE, FaultCode.POLE_TILT), faults);
        Assert.True(FaultDetector.Detect(Healthy with { LeakageMa = 12, Tilt = 6 }, LampKind.Mains, Limits).IsEmpty);
    }
}
