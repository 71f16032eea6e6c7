using GridDispatch.Grains.Import;
using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Grains.Lighting;

/// <summary>One virtual-time cluster for the lighting tests; each test imports a small township of its own at 会理.</summary>
[CollectionDefinition(Name)]
public sealed class LightingCluster : ICollectionFixture<DomainClusterFixture>
{
    public const string Name = "lighting cluster";
    public const double HuiliLat = 26.66, HuiliLon = 102.25;

    /// <summary>The small township (two villages, twelve lamps on two feeders) moved to 会理, and the clock at its next local noon.</summary>
    public static async Task<(string Township, IReadOnlyList<Lamp> Lamps)> NewTownship(DomainClusterFixture f)
    {
        var id = "huili" + Guid.NewGuid().ToString("N")[..8];
        var small = SmallTownship.Build();
        var lamps = small.Lamps.Select((l, i) => l with { Id = $"{id}-L{i + 1:0000}", Position = new GeoPoint(HuiliLat + i * 0.0005, HuiliLon), Feeder = $"{id}-{l.Feeder}" }).ToList();
        await new TopologyImporter(f.Grains).ImportAsync(small with { Id = id, Name = "会理测试镇", Lamps = lamps, Responders = [], Departments = [] });

        var china = TimeZoneInfo.FindSystemTimeZoneById(LightingGrain.DefaultTimeZone);
        var local = TimeZoneInfo.ConvertTime(f.Clock.GetUtcNow(), china);
        var noon = new DateTimeOffset(local.Date.AddHours(12), local.Offset);
        f.Clock.SetUtcNow(noon > local ? noon : noon.AddDays(1));
        return (id, lamps);
    }
}
