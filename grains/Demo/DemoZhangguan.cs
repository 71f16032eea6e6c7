using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>
/// 彰冠镇 (会理市, as in the seed article): the seeds' grid of 54 片 / 122 组 / 776 邻 with 952
/// 红色管家 as neighbourhood members. The ten administrative villages are named as published;
/// their 片 split, the people, streets and lamps are made up; the centre is approximate.
/// </summary>
internal static class DemoZhangguan
{
    public const string Id = "zhangguan";
    public const int Pian = 54, Zu = 122, Lin = 776, RedStewards = 952, LampCount = 300;
    private const int Seed = 54_122_776;
    private static readonly GeoPoint Centre = new(26.49, 102.44);

    private static readonly string[] AdminVillages =
        ["打吉塘村", "古桥村", "光山村", "魁阁村", "盐龙村", "红拉村", "大发村", "万红村", "富乐村", "车拉村"];

    private static readonly string[] StreetKinds = ["路", "环村路", "产业路", "新村路", "石榴园路", "一巷", "二巷"];

    /// <summary>How many of each level go where; drawn once so the totals are exact.</summary>
    private sealed record Plan(Queue<int> PianPerVillage, Queue<int> ZuPerPian, Queue<int> LinPerZu, Queue<int> StewardsPerLin, Queue<int> LampsPerPian)
    {
        /// <summary>片 are numbered through the township: zhangguan-V01 … zhangguan-V54.</summary>
        public int PianIssued { get; set; }
    }

    public static TownshipTopology Build()
    {
        var rng = new Random(Seed);
        var people = new DemoPeople(rng, Id);
        var plan = new Plan(
            new(DemoSplit.Split(rng, Pian, AdminVillages.Length, 4, 7)),
            new(DemoSplit.Split(rng, Zu, Pian, 1, 4)),
            new(DemoSplit.Split(rng, Lin, Zu, 3, 10)),
            new(DemoSplit.Split(rng, RedStewards, Lin, 1, 2)),
            new(DemoSplit.Split(rng, LampCount, Pian, 2, 12)));
        var anchors = AdminVillages.Select((_, v) => DemoGeo.Move(Centre, 1500 + rng.NextDouble() * 3500, v * 2 * Math.PI / AdminVillages.Length)).ToList();
        var pianByVillage = AdminVillages.Select((_, v) => Pians(rng, people, plan, v, anchors[v])).ToList();
        var departments = DemoResponders.Departments(Id, "彰冠");
        return new TownshipTopology
        {
            Id = Id,
            Name = "彰冠镇",
            County = "huili",
            CountyName = "会理市",
            Centre = Centre,
            Villages = pianByVillage.SelectMany(p => p).ToList(),
            Lamps = Lamps(rng, plan, pianByVillage),
            Responders = Responders(pianByVillage, anchors, departments, people),
            Departments = departments,
        };
    }

    /// <summary>One administrative village's 片, its 组 numbered on through the village (一组, 二组 …).</summary>
    private static List<Village> Pians(Random rng, DemoPeople people, Plan plan, int village, GeoPoint anchor)
    {
        var pians = new List<Village>();
        var groupNumber = 0;
        for (var k = 1; k <= plan.PianPerVillage.Peek(); k++)
        {
            var id = $"{Id}-V{++plan.PianIssued:D2}";
            var leader = people.Next();
            var position = DemoGeo.Near(rng, anchor, 900);
            var groups = Enumerable.Range(0, plan.ZuPerPian.Dequeue())
                .Select(_ => ++groupNumber)
                .Select(g => DemoCells.Group(rng, people, $"{id}-G{g}", $"{ChineseNumerals.Of(g)}组", plan.LinPerZu.Dequeue(), () => plan.StewardsPerLin.Dequeue()))
                .ToList();
            pians.Add(new Village { Id = id, Name = $"{AdminVillages[village]}{ChineseNumerals.Of(k)}片", Leader = leader, Position = position, Groups = groups });
        }
        plan.PianPerVillage.Dequeue();
        return pians;
    }

    private static IReadOnlyList<Lamp> Lamps(Random rng, Plan plan, IReadOnlyList<List<Village>> pianByVillage)
    {
        // Rural 片 light their lanes with solar lamps as often as with mains.
        var layer = new DemoStreetLamps(rng, Id, solarShare: 0.5);
        for (var v = 0; v < pianByVillage.Count; v++)
        {
            var stem = AdminVillages[v].TrimEnd('村');
            foreach (var (pian, k) in pianByVillage[v].Select((p, k) => (p, k)))
            {
                var cells = pian.Groups.SelectMany(g => g.Neighbourhoods).Select(n => n.Id).ToList();
                // Mains lamps of one administrative village share its feeders.
                layer.Lay(new LampArea(AdminVillages[v], pian.Position!, [stem + StreetKinds[k % StreetKinds.Length]], cells, plan.LampsPerPian.Dequeue()));
            }
        }
        return layer.Build();
    }

    private static IReadOnlyList<Responder> Responders(
        IReadOnlyList<List<Village>> pianByVillage, IReadOnlyList<GeoPoint> anchors, IReadOnlyList<Department> departments, DemoPeople people)
    {
        var teams = pianByVillage.Select((pians, v) => DemoResponders.LampTeam(
            $"{Id}-T{v + 1:D2}", AdminVillages[v] + "护灯队", pians.Select(p => p.Id).ToList(), people, anchors[v]));
        return
        [
            .. teams.ToList(),
            .. DemoResponders.Cadres(Id, pianByVillage.SelectMany(p => p).Select(p => p.Id).ToList(), 8, people, Centre),
            .. DemoResponders.DutyOfficers(departments, people, Centre),
        ];
    }
}
