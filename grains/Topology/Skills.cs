namespace GridDispatch.Grains.Topology;

/// <summary>
/// The skills a responder or department can offer; dispatch matches an incident's category
/// against them. The one list the validator, the demo data and the docs agree on.
/// </summary>
public static class Skills
{
    public const string Lighting = "lighting";       // 路灯
    public const string Electrical = "electrical";   // 电力、线路
    public const string Road = "road";               // 道路
    public const string Water = "water";             // 供水、排水
    public const string Dispute = "dispute";         // 矛盾纠纷
    public const string Safety = "safety";           // 治安、安全隐患
    public const string Environment = "environment"; // 环境卫生
    public const string Flood = "flood";             // 防汛
    public const string Fire = "fire";               // 火情
    public const string Rescue = "rescue";           // 救援
    public const string Other = "other";

    /// <summary>Every known skill, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Lighting, Electrical, Road, Water, Dispute, Safety, Environment, Flood, Fire, Rescue, Other];

    // Skills are exact lower-case tokens: they travel in MQTT payloads and are compared as-is.
    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string? skill) => skill is not null && Known.Contains(skill);
}
