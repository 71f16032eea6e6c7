using GridDispatch.Grains.Dispatch;
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
            // For the duty tests, on skills of their own so the ranking above is not disturbed.
            new Responder { Id = "d", Name = "丁", Skills = ["fire"], Base = new GeoPoint(26.550, 102.400), HomeAreas = ["far"], Capacity = 5 },
            new Responder { Id = "e", Name = "戊", Skills = ["fire"], Base = new GeoPoint(26.600, 102.400), Capacity = 5 },
            new Responder { Id = "p", Name = "己", Skills = ["environment"], Base = new GeoPoint(26.500, 102.400) },
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

    private IResponderGrain Responder(string id) => _cluster.GrainFactory.GetGrain<IResponderGrain>(id);

    /// <summary>Until the dispatcher's card of <paramref name="id"/> (updated one-way) shows <paramref name="status"/>.</summary>
    private Task DispatcherSees(string id, ResponderStatus status) => Eventually.Holds(
        () => _cluster.GrainFactory.GetGrain<IDispatcherGrain>(Town.Id).GetResponders(), cards => cards.Single(c => c.Id == id).Status == status,
        what: $"the dispatcher sees {id} {status}");

    private async Task<string?> Whistle(string id, string cell, string category = "water")
    {
        var report = new IncidentReport
        {
            Township = Town.Id, Source = IncidentSource.Whistle, SourceId = id, Category = category, Severity = IncidentSeverity.Minor,
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

    [Fact]
    public async Task An_off_duty_holder_is_skipped_until_back_on_duty_and_cannot_go_off_duty_holding_work()
    {
        Assert.Equal(ResponderStatus.OffDuty, (await Responder("d").SetDuty(false)).Responder!.Card.Status);
        await DispatcherSees("d", ResponderStatus.OffDuty);
        // D holds "far" but is off duty: E, farther and holding nothing, is asked.
        Assert.Equal("e", await Whistle("fire-1", "far-n", "fire"));

        Assert.Equal(ResponderStatus.Available, (await Responder("d").SetDuty(true)).Responder!.Card.Status);
        await DispatcherSees("d", ResponderStatus.Available);
        Assert.Equal("d", await Whistle("fire-2", "far-n", "fire"));

        var refused = await Responder("d").SetDuty(false);
        Assert.Equal(ResponderRefusal.HoldsWork, refused.Refusal);
        Assert.Equal(ResponderStatus.Assigned, (await Responder("d").GetSnapshot())!.Card.Status);
    }

    [Fact]
    public async Task Position_reports_move_a_responder_on_duty_at_most_once_per_interval()
    {
        var p = Responder("p");
        Assert.True((await p.SetDuty(false)).Ok);
        Assert.Equal(ResponderRefusal.OffDuty, (await p.ReportPosition(26.51, 102.41)).Refusal); // off duty, where they are is their own
        Assert.True((await p.SetDuty(true)).Ok);

        var taken = await p.ReportPosition(26.51, 102.41);
        Assert.Equal((26.51, 102.41), (taken.Responder!.Card.Lat, taken.Responder.Card.Lon));
        var soon = await p.ReportPosition(26.52, 102.42);
        Assert.Equal(ResponderRefusal.TooSoon, soon.Refusal);
        Assert.InRange(soon.RetryAfter!.Value, TimeSpan.FromTicks(1), new HandheldOptions().PositionInterval);
        Assert.Equal(26.51, (await p.GetSnapshot())!.Card.Lat);

        _clock.Advance(new HandheldOptions().PositionInterval);
        Assert.True((await p.ReportPosition(26.52, 102.42)).Ok);
        Assert.Equal(ResponderRefusal.InvalidArgument, (await p.ReportPosition(91, 102.42)).Refusal);
        await Eventually.Holds(() => _cluster.GrainFactory.GetGrain<IDispatcherGrain>(Town.Id).GetResponders(),
            cards => cards.Single(c => c.Id == "p").Lat == 26.52, what: "the dispatcher ranks p from where p is now");
    }
}
