namespace GridDispatch.Gateway.Reports;

/// <summary>The Chinese names reports give the values the history keeps in English (the same words as the screens).</summary>
public static class ReportLabels
{
    private static readonly Dictionary<string, string> Sources = new()
    {
        ["Whistle"] = "吹哨", ["LampAlarm"] = "路灯告警", ["FeederOutage"] = "线路停电", ["Hotline"] = "12345热线",
    };

    private static readonly Dictionary<string, string> Categories = new()
    {
        ["lighting"] = "照明", ["electrical"] = "电力", ["road"] = "道路", ["water"] = "供水", ["dispute"] = "纠纷",
        ["safety"] = "安全", ["environment"] = "环境", ["flood"] = "防汛", ["fire"] = "消防", ["other"] = "其他",
    };

    private static readonly Dictionary<string, string> Severities = new()
    {
        ["Micro"] = "微事", ["Minor"] = "小事", ["Major"] = "大事", ["Emergency"] = "急事",
    };

    private static readonly Dictionary<string, string> Levels = new()
    {
        ["County"] = "县", ["Township"] = "乡镇", ["Village"] = "村", ["Group"] = "村民小组", ["Neighbourhood"] = "邻",
    };

    private static readonly Dictionary<string, string> Faults = new()
    {
        ["LAMP_FAILURE"] = "灯具故障", ["POWER_FAILURE"] = "断电", ["OVER_VOLTAGE"] = "过压", ["DAY_BURNING"] = "白天亮灯",
        ["COMM_LOSS"] = "离线", ["LOW_BATTERY"] = "电池电量低", ["POLE_TILT"] = "灯杆倾斜", ["LEAKAGE"] = "漏电",
        ["LAMP_OUT"] = "应亮未亮", ["RELAY_FAILURE"] = "继电器故障", ["POWER_HIGH"] = "功率过高", ["POWER_LOW"] = "功率过低",
        ["LAMP_CYCLING"] = "频繁开关", ["NEAR_END_OF_LIFE"] = "接近寿命",
    };

    public static string Source(string key) => Sources.GetValueOrDefault(key, key);

    public static string Category(string key) => Categories.GetValueOrDefault(key, key);

    public static string Severity(string key) => Severities.GetValueOrDefault(key, key);

    public static string Level(string key) => Levels.GetValueOrDefault(key, key);

    public static string Fault(string key) => Faults.GetValueOrDefault(key, key);
}
