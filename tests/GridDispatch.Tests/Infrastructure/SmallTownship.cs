using GridDispatch.Grains.Topology;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A hand-made township small enough to reason about: one county, two villages, four lamps per neighbourhood.</summary>
public static class SmallTownship
{
    public const string Id = "testtown";
    public const string County = "test-county";

    public static TownshipTopology Build() => new()
    {
        Id = Id,
        Name = "测试镇",
        County = County,
        Villages =
        [
            Village("v1", "王家村", ["v1-g1"], ["v1-g1-n1", "v1-g1-n2"]),
            Village("v2", "石门村", ["v2-g1"], ["v2-g1-n1"]),
        ],
        Lamps =
        [
            .. Lamps("v1-g1-n1", "F1", 4, 0),
            .. Lamps("v1-g1-n2", "F1", 4, 4),
            .. Lamps("v2-g1-n1", "F2", 4, 8),
        ],
        Responders =
        [
            Responder("team-v1", "王家村护灯队", ["lighting", "electrical"], ["v1"], 34.321, team: true),
            Responder("team-v2", "石门村护灯队", ["lighting", "electrical"], ["v2"], 34.330, team: true),
            Responder("cadre-road", "李干部", ["road"], ["v1-g1"], 34.400),
            Responder("cadre-far", "赵干部", ["road"], [], 34.322),
            Responder("power-duty", "电力值班员", ["electrical"], [], 35.000, department: "dianli"),
        ],
        Departments =
        [
            new Department { Id = "dianli", Name = "电力所", Skills = ["electrical"] },
            new Department { Id = "zhujian", Name = "住建办", Skills = ["road"] },
        ],
    };

    private static Responder Responder(string id, string name, string[] skills, string[] home, double lat, bool team = false, string? department = null) => new()
    {
        Id = id, Name = name, Kind = team ? ResponderKind.Team : ResponderKind.Person, Skills = skills, HomeAreas = home,
        Capacity = 3, Base = new GeoPoint(lat, 107.13), Department = department,
    };

    public static IReadOnlyList<string> LampIds => [.. Build().Lamps.Select(l => l.Id)];

    private static Village Village(string id, string name, string[] groups, string[] neighbourhoods) => new()
    {
        Id = id,
        Name = name,
        Leader = new Person { Id = $"{id}-leader", Name = "王建国" },
        Groups = [.. groups.Select(g => new Group
        {
            Id = g, Name = "一组",
            Neighbourhoods = [.. neighbourhoods.Select(n => new Neighbourhood { Id = n, Name = "一邻", Households = 10 })],
        })],
    };

    private static IEnumerable<Lamp> Lamps(string cell, string feeder, int count, int offset) =>
        Enumerable.Range(offset + 1, count).Select(i => new Lamp
        {
            Id = $"{Id}-L{i:0000}",
            Cell = cell,
            Position = new GeoPoint(34.32 + i * 0.0005, 107.13),
            Feeder = $"{Id}-{feeder}",
            Street = "益门街",
            RatedWatts = 100,
        });
}
