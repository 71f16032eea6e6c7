namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// TALQ's power too high or too low for the commanded level: a lit lamp should draw about its rated watts × its
/// reported brightness (the level it runs at, whoever commanded it). Outside <see cref="FaultThresholds.PowerTolerance"/>
/// of that it is POWER_HIGH or POWER_LOW. Not judged without both readings, below <see cref="FaultThresholds.PowerCheckMinBrightness"/>,
/// or where another fault explains it (no current: LAMP_FAILURE; the supply out of range: POWER_FAILURE, OVER_VOLTAGE).
/// </summary>
public static class PowerBand
{
    public static FaultSet Judge(LampTelemetry t, double ratedWatts, FaultThresholds limits)
    {
        if (t.On != true || t.Power is not { } power || t.Brightness is not { } level || ratedWatts <= 0) return FaultSet.None;
        if (t.Current < limits.LampFailureMaxCurrent || t.Voltage < limits.MinVoltage || t.Voltage > limits.MaxVoltage) return FaultSet.None;
        if (level < limits.PowerCheckMinBrightness) return FaultSet.None;
        var expected = ratedWatts * level / 100;
        if (power > expected * (1 + limits.PowerTolerance)) return FaultSet.Of(FaultCode.POWER_HIGH);
        if (power < expected * (1 - limits.PowerTolerance)) return FaultSet.Of(FaultCode.POWER_LOW);
        return FaultSet.None;
    }
}
