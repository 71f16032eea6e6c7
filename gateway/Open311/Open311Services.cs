namespace GridDispatch.Gateway.Open311;

/// <summary>An Open311 GeoReport v2 service definition.</summary>
public sealed record Open311Service(
    string service_code, string service_name, string description, bool metadata, string type, string keywords, string group);

/// <summary>What the 12345 hotline and residents can report: our incident categories as Open311 services.</summary>
public static class Open311Catalog
{
    public static readonly IReadOnlyList<Open311Service> Services =
    [
        Service("lighting", "路灯故障", "路灯不亮、白天亮灯、灯杆倾斜", "路灯"),
        Service("electrical", "电力线路", "断电、漏电、线路隐患", "电力"),
        Service("road", "道路设施", "道路破损、塌方、井盖缺失", "市政"),
        Service("water", "供水排水", "停水、漏水、排水不畅", "市政"),
        Service("environment", "环境卫生", "垃圾堆放、污水、噪声", "环境"),
        Service("safety", "安全隐患", "治安、安全隐患", "平安"),
        Service("dispute", "矛盾纠纷", "邻里纠纷、矛盾调解", "平安"),
        Service("flood", "防汛", "积水、内涝、汛情", "应急"),
        Service("fire", "火情", "火情、火灾隐患", "应急"),
        Service("other", "其他", "其他诉求", "其他"),
    ];

    public static bool IsKnown(string? code) => Services.Any(s => s.service_code == code);

    public static string NameOf(string code) => Services.FirstOrDefault(s => s.service_code == code)?.service_name ?? code;

    private static Open311Service Service(string code, string name, string description, string group) =>
        new(code, name, description, metadata: false, type: "realtime", keywords: name, group);
}
