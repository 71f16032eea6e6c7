using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Derives the faults one telemetry report shows, plus those the device reports itself. A lamp running a
/// lighting program on an astronomical clock is judged against it (lit when it says off: DAY_BURNING; dark
/// when it says lit: LAMP_OUT); without one, or switching by lux, against the ambient light. A lamp lit on
/// purpose (an emergency's all-on) is no DAY_BURNING, whatever the hour.
/// </summary>
public static class FaultDetector
{
    public static FaultSet Detect(LampTelemetry t, LampKind kind, FaultThresholds limits, LampProgram? program = null, bool litOnPurpose = false)
    {
        var faults = t.DeviceFaults.Without(FaultCode.COMM_LOSS); // only silence means COMM_LOSS
        var mains = kind == LampKind.Mains;

        // Mains voltage: too low is a supply loss, which also explains "on but no current".
        var supplyLost = mains && t.Voltage < limits.MinVoltage;
        if (supplyLost) faults = faults.With(FaultCode.POWER_FAILURE);
        if (mains && t.Voltage > limits.MaxVoltage) faults = faults.With(FaultCode.OVER_VOLTAGE);

        if (t.On == true && !supplyLost && t.Current < limits.LampFailureMaxCurrent) faults = faults.With(FaultCode.LAMP_FAILURE);
        var byClock = program is { SwitchLux: null };
        var scheduled = byClock ? program!.ScheduledOn(t.Timestamp, limits.ScheduleGrace) : null;
        if (t.On == true && !litOnPurpose && (byClock ? scheduled == false : t.Lux > limits.DaylightLux)) faults = faults.With(FaultCode.DAY_BURNING);
        // Dark by lux switching only when well below its switch level (half), so dusk's hovering light is no fault.
        var dueByLux = program?.SwitchLux is { } switchLux && t.Lux < switchLux / 2.0;
        if (t.On == false && !supplyLost && (byClock ? scheduled == true : dueByLux)) faults = faults.With(FaultCode.LAMP_OUT);
        if (kind == LampKind.Solar && t.Battery < limits.MinBatteryPercent) faults = faults.With(FaultCode.LOW_BATTERY);
        if (t.Tilt > limits.MaxTiltDegrees) faults = faults.With(FaultCode.POLE_TILT);
        if (t.LeakageMa > limits.MaxLeakageMa) faults = faults.With(FaultCode.LEAKAGE);
        return faults;
    }
}
