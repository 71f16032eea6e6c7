using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>The departments, duty officers, lamp teams and cadres every demo township gets.</summary>
internal static class DemoResponders
{
    /// <summary>职能部门: id suffix, name (after the township's short name), skills.</summary>
    private static readonly (string Suffix, string Name, string[] Skills)[] DepartmentKinds =
    [
        ("power", "供电所", [Skills.Electrical, Skills.Lighting]),
        ("housing", "镇住建办", [Skills.Road, Skills.Environment]),
        ("water", "镇水务站", [Skills.Water, Skills.Flood]),
        ("police", "派出所", [Skills.Safety, Skills.Dispute]),
        ("emergency", "镇应急管理办", [Skills.Flood, Skills.Fire, Skills.Rescue, Skills.Safety]),
    ];

    public static IReadOnlyList<Department> Departments(string township, string shortName) =>
        DepartmentKinds.Select(k => new Department { Id = $"{township}-{k.Suffix}", Name = shortName + k.Name, Skills = k.Skills }).ToList();

    /// <summary>One duty officer per department, reachable when the department is whistled.</summary>
    public static IReadOnlyList<Responder> DutyOfficers(IReadOnlyList<Department> departments, DemoPeople people, GeoPoint centre) =>
        departments.Select(d => new Responder
        {
            Id = $"{d.Id}-duty",
            Name = $"{people.Name()}（{d.Name}值班）",
            Kind = ResponderKind.Person,
            Skills = d.Skills,
            Phone = people.Phone(),
            Department = d.Id,
            Capacity = 5,
            Base = centre,
        }).ToList(); // now, not later: the names and phones come from the shared Random

    /// <summary>村民护灯队: fixes the lamps of the cells it holds.</summary>
    public static Responder LampTeam(string id, string name, IReadOnlyList<string> homeAreas, DemoPeople people, GeoPoint? home) => new()
    {
        Id = id,
        Name = name,
        Kind = ResponderKind.Team,
        Skills = [Skills.Lighting, Skills.Electrical],
        HomeAreas = homeAreas,
        Phone = people.Phone(),
        Capacity = 4,
        Base = home,
    };

    /// <summary>下沉干部: each holds (包保) a consecutive share of the areas.</summary>
    public static IReadOnlyList<Responder> Cadres(string township, IReadOnlyList<string> areas, int count, DemoPeople people, GeoPoint centre)
    {
        var cadres = new List<Responder>(count);
        for (var c = 0; c < count; c++)
        {
            cadres.Add(new Responder
            {
                Id = $"{township}-C{c + 1:D2}",
                Name = people.Name(),
                Kind = ResponderKind.Person,
                Skills = [Skills.Dispute, Skills.Safety, Skills.Environment, Skills.Other],
                HomeAreas = areas.Take((c * areas.Count / count)..((c + 1) * areas.Count / count)).ToList(),
                Phone = people.Phone(),
                Capacity = 3,
                Base = centre,
            });
        }
        return cadres;
    }
}
