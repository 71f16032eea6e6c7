using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>
/// The demo data (<c>--demo</c>, the default first run): 益门镇 <c>yimen</c> with lamps
/// <c>yimen-L0001</c> … <c>yimen-L0800</c> and 11 护灯队, and 彰冠镇 <c>zhangguan</c> with 54 片 / 122 组 /
/// 776 邻, every 片 and 组 with an outline. Generated from fixed seeds (no clock, no GUIDs): every call gives the same townships, and
/// both pass <see cref="TopologyValidator"/>. Each call builds fresh records.
/// </summary>
public static class DemoTownships
{
    public const string YimenId = DemoYimen.Id;
    public const string ZhangguanId = DemoZhangguan.Id;

    /// <summary>益门镇: 11 villages, 800 lamps along named streets on feeders, 11 村民护灯队, cadres, departments.</summary>
    public static TownshipTopology Yimen() => DemoBoundaries.Add(DemoYimen.Build());

    /// <summary>彰冠镇: 54 片, 122 组, 776 邻 each with a leader, 952 红色管家, 300 lamps, teams, cadres, departments.</summary>
    public static TownshipTopology Zhangguan() => DemoBoundaries.Add(DemoZhangguan.Build());

    /// <summary>Both demo townships, yimen first.</summary>
    public static IReadOnlyList<TownshipTopology> All() => [Yimen(), Zhangguan()];
}
