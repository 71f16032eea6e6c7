using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>
/// 益门镇 (会理市, 凉山州, as in the seed article): 800 smart lamps and 11 村民护灯队, one per village
/// or community. Village names and streets are made up; the centre is approximate.
/// </summary>
internal static class DemoYimen
{
    public const string Id = "yimen";
    public const int LampCount = 800;
    private const int Seed = 11_800;
    private const int SeatLamps = 140;           // the town seat's community is the most lit
    private static readonly GeoPoint Centre = new(26.78, 102.30);

    private static readonly (string Name, string[] Streets)[] Places =
    [
        ("益门社区", ["益门街", "兴益路", "滨河路", "会益公路"]),
        ("石门村", ["石门路", "石门环村路", "石门产业路"]),
        ("王家村", ["王家路", "王家环村路", "王家新村路"]),
        ("龙潭村", ["龙潭路", "龙潭环村路", "龙潭沿河路"]),
        ("新民村", ["新民路", "新民环村路", "新民产业路"]),
        ("大坪村", ["大坪路", "大坪环村路", "大坪新村路"]),
        ("河湾村", ["河湾路", "河湾环村路", "河湾沿河路"]),
        ("松林村", ["松林路", "松林环村路", "松林产业路"]),
        ("白沙村", ["白沙路", "白沙环村路", "白沙新村路"]),
        ("青龙村", ["青龙路", "青龙环村路", "青龙产业路"]),
        ("和平村", ["和平路", "和平环村路", "和平新村路"]),
    ];

    public static TownshipTopology Build()
    {
        var rng = new Random(Seed);
        var people = new DemoPeople(rng, Id);
        var villages = Enumerable.Range(0, Places.Length).Select(i => Village(rng, people, i)).ToList();
        var lamps = Lamps(rng, villages);
        var departments = DemoResponders.Departments(Id, "益门");
        return new TownshipTopology
        {
            Id = Id,
            Name = "益门镇",
            County = "huili",
            CountyName = "会理市",
            Centre = Centre,
            Villages = villages,
            Lamps = lamps,
            Responders = Responders(villages, departments, people),
            Departments = departments,
        };
    }

    private static Village Village(Random rng, DemoPeople people, int index)
    {
        var id = $"{Id}-V{index + 1:D2}";
        var leader = people.Next();
        // The seat sits at the centre; the villages ring it 1.2–3.5 km out.
        var position = index == 0
            ? DemoGeo.Near(rng, Centre, 300)
            : DemoGeo.Move(Centre, 1200 + rng.NextDouble() * 2300, (index - 1) * 2 * Math.PI / 10 + (rng.NextDouble() - 0.5) * 0.4);
        var groupCount = index == 0 ? 6 : rng.Next(3, 7);
        var groups = Enumerable.Range(1, groupCount)
            .Select(g => DemoCells.Group(rng, people, $"{id}-G{g}", $"{ChineseNumerals.Of(g)}组", rng.Next(4, 9), () => 0))
            .ToList();
        return new Village { Id = id, Name = Places[index].Name, Leader = leader, Position = position, Groups = groups };
    }

    private static IReadOnlyList<Lamp> Lamps(Random rng, IReadOnlyList<Village> villages)
    {
        var perVillage = DemoSplit.Split(rng, LampCount - SeatLamps, villages.Count - 1, 55, 80).Prepend(SeatLamps).ToArray();
        var layer = new DemoStreetLamps(rng, Id, solarShare: 0.3);
        for (var i = 0; i < villages.Count; i++)
        {
            var v = villages[i];
            var cells = v.Groups.SelectMany(g => g.Neighbourhoods).Select(n => n.Id).ToList();
            // Main-street lamps serve the whole village; the rest light its neighbourhoods.
            layer.Lay(new LampArea(v.Id, v.Position!, Places[i].Streets, cells, perVillage[i], MainStreetCell: v.Id));
        }
        return layer.Build();
    }

    private static IReadOnlyList<Responder> Responders(IReadOnlyList<Village> villages, IReadOnlyList<Department> departments, DemoPeople people)
    {
        var teams = villages.Select((v, i) => DemoResponders.LampTeam(
            $"{Id}-T{i + 1:D2}", v.Name + (i == 0 ? "居民护灯队" : "村民护灯队"), [v.Id], people, v.Position));
        return
        [
            .. teams.ToList(),
            .. DemoResponders.Cadres(Id, villages.Select(v => v.Id).ToList(), 6, people, Centre),
            .. DemoResponders.DutyOfficers(departments, people, Centre),
        ];
    }
}
