using GridDispatch.Grains.Import;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace GridDispatch.Tests.Grains.Dispatch;

/// <summary>The dispatcher's ranking on a real cluster: 包保 holder first, then the nearest, then the least loaded.</summary>
public sealed class DispatchScenarioTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("dispatch");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8)));
    private TestCluster _cluster = null!;

    // The incidents happen at (26.500, 102.400). A and B are 1.1 km away, C 5.6 km away but holds cell "far".
    private static readonly TownshipTopology Town = new()
    {
        Id = "ranktown", Name = "排序镇",
        Villages =
        [
            new Village { Id = "near", Name = "近村", Groups = [new Group { Id = "near-g", Name = "一组", Neighbourhoods = [new Neighbourhood { Id = "near-n", Name = "一邻" }] }] },
            new Village { Id = "far", Name = "远村", Groups = [new Group { Id = "far-g", Name = "一组", Neighbourhoods = [new Neighbourhood { Id = "far-n", Name = "一邻" }] }] },
        ],
        Responders =
        [
            new Responder { Id = "a", Name = "甲", Skills = ["water"], Base = new GeoPoint(26.510, 102.400), Capacity = 5 },
            new Responder { Id = "b", Name = "乙", Skills = ["water"], Base = new GeoPoint(26.490, 102.400), Capacity = 5 },
            new Responder { Id = "c", Name = "丙", Skills = ["water"], Base = new GeoPoint(26.550, 102.400), HomeAreas = ["far"], Capacity = 5 },
        ],
    };

    public async Task InitializeAsync()
    {
        _cluster = await TestSilos.Embedded(Path.Combine(_folder, "dispatch.db"), output: null).WithDomainClock(_clock).StartAsync();
        await new TopologyImporter(_cluster.Client).ImportAsync(Town);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<string?> Whistle(string id, string cell)
    {
        var report = new IncidentReport
        {
            Township = Town.Id, Source = IncidentSource.Whistle, SourceId = id, Category = "water", Severity = IncidentSeverity.Minor,
            Cell = cell, Text = "水管爆裂", Lat = 26.500, Lon = 102.400, ReportedBy = "leader", ReportedAt = _clock.GetUtcNow(),
        };
        return (await _cluster.GrainFactory.GetGrain<IIncidentGrain>(IncidentIds.For(Town.Id, IncidentSource.Whistle, id)).Open(report)).Incident!.ResponderId;
    }

    [Fact]
    public async Task Holder_first_then_nearest_then_least_loaded()
    {
        // In "far", C holds the area: asked first though it is five times as far.
        Assert.Equal("c", await Whistle("w1", "far-n"));
        // In "near", nobody holds it: the nearest two (A and B) before C; equal, so A by id.
        Assert.Equal("a", await Whistle("w2", "near-n"));
        // A now holds one order, B none: B is less loaded.
        Assert.Equal("b", await Whistle("w3", "near-n"));
        // Both hold one; A again by id, C (also one order, farther) still last.
        Assert.Equal("a", await Whistle("w4", "near-n"));
    }
}
