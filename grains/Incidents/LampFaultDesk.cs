using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// What kind of work order each lamp fault calls for. DAY_BURNING and LOW_BATTERY are micro matters;
/// LEAKAGE endangers people and is an emergency; supply faults belong to electricians.
/// </summary>
public static class LampFaultDesk
{
    public static IncidentSeverity SeverityOf(FaultCode code) => code switch
    {
        FaultCode.LEAKAGE => IncidentSeverity.Emergency,
        FaultCode.POWER_FAILURE or FaultCode.OVER_VOLTAGE or FaultCode.POLE_TILT => IncidentSeverity.Major,
        FaultCode.LAMP_FAILURE or FaultCode.COMM_LOSS or FaultCode.LAMP_OUT or FaultCode.RELAY_FAILURE or FaultCode.POWER_HIGH or FaultCode.POWER_LOW => IncidentSeverity.Minor,
        _ => IncidentSeverity.Micro,
    };

    public static string CategoryOf(FaultCode code) =>
        code is FaultCode.POWER_FAILURE or FaultCode.OVER_VOLTAGE or FaultCode.LEAKAGE or FaultCode.RELAY_FAILURE ? "electrical" : "lighting";

    public static string Describe(FaultCode code) => code switch
    {
        FaultCode.LAMP_FAILURE => "路灯不亮（灯具故障）",
        FaultCode.POWER_FAILURE => "路灯断电",
        FaultCode.OVER_VOLTAGE => "供电电压过高",
        FaultCode.DAY_BURNING => "白天亮灯",
        FaultCode.COMM_LOSS => "路灯离线",
        FaultCode.LOW_BATTERY => "太阳能电池电量低",
        FaultCode.POLE_TILT => "灯杆倾斜",
        FaultCode.LEAKAGE => "路灯漏电，危及行人安全",
        FaultCode.LAMP_OUT => "应亮未亮",
        FaultCode.RELAY_FAILURE => "继电器故障（关灯后仍有电流）",
        FaultCode.POWER_HIGH => "功率过高",
        FaultCode.POWER_LOW => "功率过低",
        FaultCode.LAMP_CYCLING => "频繁开关",
        FaultCode.NEAR_END_OF_LIFE => "灯具接近寿命，宜安排更换",
        _ => code.ToString(),
    };
}
