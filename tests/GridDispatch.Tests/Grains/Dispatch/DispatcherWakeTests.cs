using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Dispatch;

/// <summary>
/// A waiting incident is offered the moment a responder can take it, not on the next review (a minute by
/// default). The domain clock is virtual and never moves here: only the wake-up can dispatch in time.
/// </summary>
public sealed class DispatcherWakeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private CrashCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await CrashCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IResponderGrain Responder(string id) => _cluster.Grains.GetGrain<IResponderGrain>(id);

    private async Task<IncidentSnapshot> Whistle(string id)
    {
        var report = new IncidentReport
        {
            Township = SmallTownship.Id, Source = IncidentSource.Whistle, SourceId = id, Category = "road", Severity = IncidentSeverity.Minor,
            Cell = "v1-g1-n1", Text = "路面塌陷", Lat = 34.32, Lon = 107.13, ReportedBy = "v1-leader", ReportedAt = _cluster.Clock.GetUtcNow(),
        };
        return (await _cluster.Grains.GetGrain<IIncidentGrain>(IncidentIds.For(SmallTownship.Id, IncidentSource.Whistle, id)).Open(report)).Incident!;
    }

    private Task<IncidentSnapshot?> Get(string id) => _cluster.Grains.GetGrain<IIncidentGrain>(IncidentIds.For(SmallTownship.Id, IncidentSource.Whistle, id)).Get();

    [Fact]
    public async Task A_responder_coming_on_duty_is_offered_the_waiting_incident_within_seconds()
    {
        await Responder("cadre-road").SetStatus(ResponderStatus.OffDuty, null, null);
        await Responder("cadre-far").SetStatus(ResponderStatus.OffDuty, null, null);
        var waiting = await Whistle("wake-duty");
        Assert.Equal(IncidentStatus.Triaged, waiting.Status);
        Assert.Equal(TimelineKind.NoResponder, waiting.Timeline[^1].Kind);

        await Responder("cadre-far").SetStatus(ResponderStatus.Available, null, null);
        var offered = await Eventually.Holds(() => Get("wake-duty"), i => i!.Status == IncidentStatus.Dispatched, TimeSpan.FromSeconds(10),
            "offered once a responder came on duty");
        Assert.Equal("cadre-far", offered!.ResponderId);
        Assert.Contains((await Responder("cadre-far").GetSnapshot())!.WorkOrders, w => w.IncidentId == offered.Id);
    }

    [Fact]
    public async Task A_responder_finishing_work_is_offered_the_waiting_incident_within_seconds()
    {
        await Responder("cadre-far").SetStatus(ResponderStatus.OffDuty, null, null);
        var held = new List<IncidentSnapshot>();
        for (var i = 0; i < 3; i++) held.Add(await Whistle($"full-{i}")); // cadre-road's capacity is 3
        Assert.All(held, h => Assert.Equal("cadre-road", h.ResponderId));
        var waiting = await Whistle("wake-room");
        Assert.Equal(IncidentStatus.Triaged, waiting.Status);

        Assert.True((await Responder("cadre-road").Acknowledge(held[0].Id)).Ok);
        Assert.True((await Responder("cadre-road").Resolve(held[0].Id, "修好了")).Ok);
        var offered = await Eventually.Holds(() => Get("wake-room"), i => i!.Status == IncidentStatus.Dispatched, TimeSpan.FromSeconds(10),
            "offered once the responder had room");
        Assert.Equal("cadre-road", offered!.ResponderId);
    }
}
