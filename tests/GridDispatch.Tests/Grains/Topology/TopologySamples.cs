using GridDispatch.Grains.Topology;

namespace GridDispatch.Tests.Grains.Topology;

/// <summary>
/// The small township of docs/TOPOLOGY.md and docs/examples/small-township.json, built in code:
/// one village, one group, two neighbourhoods, three lamps, one team, one department. A test
/// keeps the two in step; the validator tests break it one field at a time.
/// </summary>
internal static class TopologySamples
{
    public static TownshipTopology Small() => new()
    {
        Id = "qingshan",
        Name = "青山镇",
        County = "huili",
            CountyName = "会理市",
        Centre = new GeoPoint(26.7, 102.2),
        Villages =
        [
            new Village
            {
                Id = "qingshan-V01",
                Name = "石门村",
                Leader = Person("qingshan-P001", "王建国", "13800000001"),
                Position = new GeoPoint(26.7012, 102.2034),
                Groups = [Group()],
            },
        ],
        Lamps =
        [
            Lamp("qingshan-L0001", "qingshan-V01-G1-N1", new GeoPoint(26.70125, 102.2035), LampKind.Mains, 90, "qingshan-F01", "石门路"),
            Lamp("qingshan-L0002", "qingshan-V01-G1-N2", new GeoPoint(26.70155, 102.2036), LampKind.Mains, 90, "qingshan-F01", "石门路"),
            Lamp("qingshan-L0003", "qingshan-V01-G1", new GeoPoint(26.7021, 102.2041), LampKind.Solar, 60, null, "石门环村路"),
        ],
        Responders =
        [
            new Responder
            {
                Id = "qingshan-T01",
                Name = "石门村村民护灯队",
                Kind = ResponderKind.Team,
                Skills = [Skills.Lighting, Skills.Electrical],
                HomeAreas = ["qingshan-V01"],
                Phone = "13800000010",
                Capacity = 4,
                Base = new GeoPoint(26.7012, 102.2034),
            },
        ],
        Departments = [new Department { Id = "qingshan-power", Name = "青山供电所", Skills = [Skills.Electrical, Skills.Lighting] }],
    };

    private static Group Group() => new()
    {
        Id = "qingshan-V01-G1",
        Name = "一组",
        Leader = Person("qingshan-P002", "李秀英", "13800000002"),
        Neighbourhoods =
        [
            new Neighbourhood
            {
                Id = "qingshan-V01-G1-N1",
                Name = "一组一邻",
                Leader = Person("qingshan-P003", "张志强", "13800000003"),
                Households = 10,
                Members = [Person("qingshan-P005", "刘桂兰", null)],
            },
            new Neighbourhood
            {
                Id = "qingshan-V01-G1-N2",
                Name = "一组二邻",
                Leader = Person("qingshan-P004", "陈德华", "13800000004"),
                Households = 9,
            },
        ],
    };

    private static Person Person(string id, string name, string? phone) => new() { Id = id, Name = name, Phone = phone };

    private static Lamp Lamp(string id, string cell, GeoPoint at, LampKind kind, double watts, string? feeder, string street) =>
        new() { Id = id, Cell = cell, Position = at, Kind = kind, RatedWatts = watts, Feeder = feeder, Street = street };
}
