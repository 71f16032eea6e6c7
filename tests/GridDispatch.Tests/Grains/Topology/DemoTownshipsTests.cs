using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Tests.Grains.Topology;

public class DemoTownshipsTests
{
    private static readonly TownshipTopology Yimen = DemoTownships.Yimen();
    private static readonly TownshipTopology Zhangguan = DemoTownships.Zhangguan();

    public static TheoryData<string> Townships => [DemoTownships.YimenId, DemoTownships.ZhangguanId];

    private static TownshipTopology Get(string id) => id == DemoTownships.YimenId ? Yimen : Zhangguan;

    private static IEnumerable<Group> Groups(TownshipTopology t) => t.Villages.SelectMany(v => v.Groups);
    private static IEnumerable<Neighbourhood> Neighbourhoods(TownshipTopology t) => Groups(t).SelectMany(g => g.Neighbourhoods);

    private static IEnumerable<string> CellIds(TownshipTopology t) =>
        t.Villages.Select(v => v.Id).Concat(Groups(t).Select(g => g.Id)).Concat(Neighbourhoods(t).Select(n => n.Id));

    [Fact]
    public void Yimen_has_lamps_L0001_to_L0800_and_eleven_lamp_teams_one_per_village()
    {
        Assert.Equal("yimen", Yimen.Id);
        Assert.Equal("益门镇", Yimen.Name);
        Assert.Equal(Enumerable.Range(1, 800).Select(i => $"yimen-L{i:D4}"), Yimen.Lamps.Select(l => l.Id));

        var teams = Yimen.Responders.Where(r => r.Kind == ResponderKind.Team).ToList();
        Assert.Equal(11, teams.Count);
        Assert.Equal(11, Yimen.Villages.Count);
        Assert.All(teams, t => Assert.Equal([Skills.Lighting, Skills.Electrical], t.Skills));
        Assert.All(teams, t => Assert.Contains("护灯队", t.Name));
        // Every village is held by exactly one team.
        Assert.Equal(Yimen.Villages.Select(v => v.Id).Order(), teams.SelectMany(t => t.HomeAreas).Order());
    }

    [Fact]
    public void Yimen_lamps_are_mostly_mains_on_feeders_with_some_solar()
    {
        var mains = Yimen.Lamps.Where(l => l.Kind == LampKind.Mains).ToList();
        var solar = Yimen.Lamps.Where(l => l.Kind == LampKind.Solar).ToList();

        Assert.InRange(mains.Count, 600, 790);
        Assert.NotEmpty(solar);
        Assert.All(Yimen.Lamps, l => Assert.Contains(l.RatedWatts, new double[] { 30, 60, 90, 120 }));
        Assert.All(mains, l => Assert.Matches(@"^yimen-F\d{2}$", l.Feeder));
        Assert.All(solar, l => Assert.Null(l.Feeder));
        Assert.All(mains.GroupBy(l => l.Feeder), f => Assert.InRange(f.Count(), 10, 40));
        Assert.All(Yimen.Lamps, l => Assert.False(string.IsNullOrWhiteSpace(l.Street)));
    }

    [Fact]
    public void Zhangguan_has_the_seeds_grid_of_54_122_776_and_952_red_stewards()
    {
        Assert.Equal("zhangguan", Zhangguan.Id);
        Assert.Equal("彰冠镇", Zhangguan.Name);
        Assert.Equal(54, Zhangguan.Villages.Count);
        Assert.Equal(122, Groups(Zhangguan).Count());
        Assert.Equal(776, Neighbourhoods(Zhangguan).Count());
        Assert.Equal(952, Neighbourhoods(Zhangguan).Sum(n => n.Members.Count));
        Assert.All(Neighbourhoods(Zhangguan), n => Assert.InRange(n.Households, 8, 12));
        Assert.Equal(Enumerable.Range(1, Zhangguan.Lamps.Count).Select(i => $"zhangguan-L{i:D4}"), Zhangguan.Lamps.Select(l => l.Id));
    }

    [Theory]
    [MemberData(nameof(Townships))]
    public void Every_cell_has_a_leader_with_a_mobile_number(string id)
    {
        var t = Get(id);
        var leaders = t.Villages.Select(v => v.Leader).Concat(Groups(t).Select(g => g.Leader)).Concat(Neighbourhoods(t).Select(n => n.Leader)).ToList();

        Assert.Equal(CellIds(t).Count(), leaders.Count);
        Assert.All(leaders, p => Assert.Matches(@"^1[3-9]\d{9}$", p!.Phone));
    }

    [Theory]
    [MemberData(nameof(Townships))]
    public void Passes_the_validator(string id) => Assert.Empty(TopologyValidator.Validate(Get(id)));

    [Theory]
    [MemberData(nameof(Townships))]
    public void Is_deterministic(string id)
    {
        var again = id == DemoTownships.YimenId ? DemoTownships.Yimen() : DemoTownships.Zhangguan();

        Assert.NotSame(Get(id), again);
        Assert.Equal(TopologyFile.Write(Get(id)), TopologyFile.Write(again));
    }

    [Theory]
    [MemberData(nameof(Townships))]
    public void Survives_a_write_parse_round_trip(string id)
    {
        var json = TopologyFile.Write(Get(id));

        var parsed = TopologyFile.Parse(json);

        Assert.True(parsed.Succeeded, parsed.ToString());
        Assert.Equal(json, TopologyFile.Write(parsed.Topology));
    }

    [Theory]
    [MemberData(nameof(Townships))]
    public void Every_name_is_Chinese(string id)
    {
        var t = Get(id);
        var people = t.Villages.Select(v => v.Leader!).Concat(Groups(t).Select(g => g.Leader!))
            .Concat(Neighbourhoods(t).SelectMany(n => n.Members.Append(n.Leader!)));
        var names = new[] { t.Name, t.CountyName! }
            .Concat(t.Villages.Select(v => v.Name)).Concat(Groups(t).Select(g => g.Name)).Concat(Neighbourhoods(t).Select(n => n.Name))
            .Concat(people.Select(p => p.Name)).Concat(t.Responders.Select(r => r.Name)).Concat(t.Departments.Select(d => d.Name))
            .Concat(t.Lamps.Select(l => l.Street!));

        Assert.All(names, n => Assert.True(n.Any(c => c is >= '\u4E00' and <= '\u9FFF'), $"'{n}' has no CJK character"));
    }

    [Theory]
    [MemberData(nameof(Townships))]
    public void Every_lamp_is_in_an_existing_cell_within_a_few_km_of_the_centre(string id)
    {
        var t = Get(id);
        var cells = CellIds(t).ToHashSet();

        Assert.All(t.Lamps, l => Assert.Contains(l.Cell, cells));
        Assert.All(t.Lamps, l => Assert.InRange(DistanceKm(t.Centre!, l.Position), 0, 8));
    }

    [Theory]
    [MemberData(nameof(Townships))]
    public void Has_the_five_departments_each_with_a_duty_officer_and_cadres_holding_cells(string id)
    {
        var t = Get(id);

        Assert.Equal(["power", "housing", "water", "police", "emergency"], t.Departments.Select(d => d.Id[(id.Length + 1)..]));
        Assert.Equal(t.Departments.Select(d => d.Id), t.Responders.Where(r => r.Department is not null).Select(r => r.Department));
        var cadres = t.Responders.Where(r => r.Kind == ResponderKind.Person && r.Department is null).ToList();
        Assert.NotEmpty(cadres);
        Assert.All(cadres, c => Assert.NotEmpty(c.HomeAreas));
    }

    private static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        var north = (b.Lat - a.Lat) * 111.32;
        var east = (b.Lon - a.Lon) * 111.32 * Math.Cos(a.Lat * Math.PI / 180);
        return Math.Sqrt(north * north + east * east);
    }
}
