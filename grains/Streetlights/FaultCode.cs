namespace GridDispatch.Grains.Streetlights;

/// <summary>Streetlight faults the platform recognises (路灯故障), as in docs/DOMAIN-MODEL.md; names are the wire codes.</summary>
[GenerateSerializer]
public enum FaultCode
{
    /// <summary>灯具故障: commanded on, no current.</summary>
    LAMP_FAILURE,
    /// <summary>断电: supply lost or too low.</summary>
    POWER_FAILURE,
    OVER_VOLTAGE,
    /// <summary>白天亮灯: lit in daylight, wasted energy.</summary>
    DAY_BURNING,
    /// <summary>离线: silent for three report intervals.</summary>
    COMM_LOSS,
    LOW_BATTERY,
    POLE_TILT,
    /// <summary>漏电: a danger to people; top severity.</summary>
    LEAKAGE,
    /// <summary>应亮未亮: dark while its lighting program says lit.</summary>
    LAMP_OUT,
    // TALQ's further conditions, judged from telemetry (RelayCheck, PowerBand, LampHealth). New codes go last: a FaultSet is bits by position.
    /// <summary>继电器故障: says it is switched off, yet current flows with the supply present (the relay is stuck closed).</summary>
    RELAY_FAILURE,
    /// <summary>功率过高: draws more than the tolerance above rated watts × its brightness.</summary>
    POWER_HIGH,
    /// <summary>功率过低: draws less than the tolerance below rated watts × its brightness (a failing driver or LEDs).</summary>
    POWER_LOW,
    /// <summary>频繁开关: switched on or off more than the limit within the window.</summary>
    LAMP_CYCLING,
    /// <summary>接近寿命: its burn hours are near its rated life.</summary>
    NEAR_END_OF_LIFE,
}

/// <summary>How urgent an alarm is; orders the alarm feed and picks the incident severity.</summary>
[GenerateSerializer]
public enum AlarmSeverity
{
    Info,
    Minor,
    Major,
    Critical,
}

public static class FaultCodes
{
    /// <summary>Every code, allocated once (Enum.GetValues allocates on each call).</summary>
    public static readonly FaultCode[] All = Enum.GetValues<FaultCode>();

    public static AlarmSeverity SeverityOf(FaultCode code) => code switch
    {
        FaultCode.LEAKAGE => AlarmSeverity.Critical,
        FaultCode.POWER_FAILURE or FaultCode.OVER_VOLTAGE or FaultCode.POLE_TILT => AlarmSeverity.Major,
        FaultCode.LAMP_FAILURE or FaultCode.COMM_LOSS or FaultCode.LOW_BATTERY or FaultCode.LAMP_OUT => AlarmSeverity.Minor,
        FaultCode.RELAY_FAILURE or FaultCode.POWER_HIGH or FaultCode.POWER_LOW or FaultCode.LAMP_CYCLING => AlarmSeverity.Minor,
        FaultCode.DAY_BURNING or FaultCode.NEAR_END_OF_LIFE => AlarmSeverity.Info,
        _ => AlarmSeverity.Minor,
    };

    /// <summary>Parses a wire code, case-insensitively; unknown codes are the caller's to count and drop.</summary>
    public static bool TryParse(string? text, out FaultCode code) =>
        Enum.TryParse(text, ignoreCase: true, out code) && Enum.IsDefined(code);
}
