using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Streetlights;

/// <summary>Derives the faults one telemetry report shows, plus those the device reports itself.</summary>
public static class FaultDetector
{
    public static FaultSet Detect(LampTelemetry t, LampKind kind, FaultThresholds limits)
    {
        var faults = t.DeviceFaults.Without(FaultCode.COMM_LOSS); // only silence means COMM_LOSS
        var mains = kind == LampKind.Mains;

        // Mains voltage: too low is a supply loss, which also explains "on but no current".
        var supplyLost = mains && t.Voltage < limits.MinVoltage;
        if (supplyLost) faults = faults.With(FaultCode.POWER_FAILURE);
        if (mains && t.Voltage > limits.MaxVoltage) faults = faults.With(FaultCode.OVER_VOLTAGE);

        if (t.On == true && !supplyLost && t.Current < limits.LampFailureMaxCurrent) faults = faults.With(FaultCode.LAMP_FAILURE);
        if (t.On == true && t.Lux > limits.DaylightLux) faults = faults.With(FaultCode.DAY_BURNING);
        if (kind == LampKind.Solar && t.Battery < limits.MinBatteryPercent) faults = faults.With(FaultCode.LOW_BATTERY);
        if (t.Tilt > limits.MaxTiltDegrees) faults = faults.With(FaultCode.POLE_TILT);
        if (t.LeakageMa > limits.MaxLeakageMa) faults = faults.With(FaultCode.LEAKAGE);
        return faults;
    }
}
