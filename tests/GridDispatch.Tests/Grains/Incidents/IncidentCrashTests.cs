using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Grains.Incidents;

/// <summary>
/// Whistles and responder actions, cut at every crash point between the incident's save and the
/// dispatcher, the responder and the township's list, then the silo killed and started again on the same
/// file, then the sender's retry. Afterwards the incident, the responder holding it, the dispatcher's card
/// of that responder and the township's list all tell the same story.
/// </summary>
public sealed class IncidentCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private CrashCluster _crash = null!;

    public async Task InitializeAsync() => _crash = await CrashCluster.StartAsync(output);

    public async Task DisposeAsync() => await _crash.DisposeAsync();

    private IGrainFactory Grains => _crash.Grains;

    private static readonly string[] RoadResponders = ["cadre-road", "cadre-far"];

    private IncidentReport Whistle(string id) => new()
    {
        Township = SmallTownship.Id, Source = IncidentSource.Whistle, SourceId = id, Category = "road", Severity = IncidentSeverity.Minor,
        Cell = "v1-g1-n1", Text = "路面塌陷", Lat = 34.32, Lon = 107.13, ReportedBy = "v1-leader", ReportedAt = _crash.Clock.GetUtcNow(),
    };

    private IIncidentGrain Incident(string whistleId) => Grains.GetGrain<IIncidentGrain>(IncidentIds.For(SmallTownship.Id, IncidentSource.Whistle, whistleId));

    [Fact]
    public async Task A_whistle_cut_short_at_any_point_is_dispatched_held_and_listed_once_after_the_retry()
    {
        var points = await _crash.PointsPassedBy(() => Incident("probe").Open(Whistle("probe")));
        output.WriteLine("points: " + string.Join(", ", points));
        Assert.Contains("dispatcher.saved", points);
        await Finish("probe");

        var crashed = 0;
        foreach (var point in points)
        {
            var whistle = $"w-{point}";
            if (!await _crash.CrashAt(point, () => Incident(whistle).Open(Whistle(whistle)))) continue;
            crashed++;
            await _crash.RestartAsync();

            var result = await Incident(whistle).Open(Whistle(whistle)); // the handheld's retry: same whistle id
            Assert.True(result.Ok, $"{point}: {result.Message}");
            Assert.True(result.Incident!.Status == IncidentStatus.Dispatched, $"crash at {point}: {result.Incident.Status} after the retry");
            await AssertConsistent(whistle, point);
            await Finish(whistle);
        }

        Assert.Equal(points.Count, crashed);
    }

    public static TheoryData<string> Actions => ["acknowledge", "arrive", "resolve"];

    [Theory, MemberData(nameof(Actions))]
    public async Task A_responder_action_cut_short_at_any_point_is_done_once_after_the_retry(string action)
    {
        var probe = await Dispatched($"probe-{action}");
        var points = await _crash.PointsPassedBy(() => Until(probe.Whistle, probe.Responder, action));
        output.WriteLine($"{action} points: " + string.Join(", ", points));
        Assert.Contains("responder.incident-done", points);
        await Finish(probe.Whistle);

        var crashed = 0;
        foreach (var point in points)
        {
            var (whistle, responder) = await Dispatched($"{action}-{point}");
            await Until(whistle, responder, action, last: false);
            if (!await _crash.CrashAt(point, () => Act(whistle, responder, action))) continue;
            crashed++;
            await _crash.RestartAsync();

            var retry = await Act(whistle, responder, action); // the handheld did not get an answer: it asks again
            Assert.True(retry.Ok, $"{action}, crash at {point}: the retry was refused: {retry.Message}");
            var expected = action switch { "acknowledge" => IncidentStatus.Acknowledged, "arrive" => IncidentStatus.OnSite, _ => IncidentStatus.Resolved };
            Assert.Equal(expected, retry.Incident!.Status);
            await AssertConsistent(whistle, point);
            var held = (await Grains.GetGrain<IResponderGrain>(responder).GetSnapshot())!;
            var status = action switch { "acknowledge" => ResponderStatus.EnRoute, "arrive" => ResponderStatus.OnSite, _ => ResponderStatus.Available };
            Assert.True(status == held.Card.Status, $"{action}, crash at {point}: responder {held.Card.Status}, expected {status}");
            await Finish(whistle);
        }

        Assert.Equal(points.Count, crashed);
    }

    private async Task<(string Whistle, string Responder)> Dispatched(string whistle)
    {
        var opened = await Incident(whistle).Open(Whistle(whistle));
        return (whistle, Assert.IsType<string>(opened.Incident!.ResponderId));
    }

    private Task<IncidentResult> Act(string whistle, string responder, string action)
    {
        var grain = Grains.GetGrain<IResponderGrain>(responder);
        var id = IncidentIds.For(SmallTownship.Id, IncidentSource.Whistle, whistle);
        return action switch
        {
            "acknowledge" => grain.Acknowledge(id),
            "arrive" => grain.Arrive(id),
            _ => grain.Resolve(id, "修好了"),
        };
    }

    /// <summary>Does the actions before <paramref name="action"/>, and with <paramref name="last"/> the action itself.</summary>
    private async Task Until(string whistle, string responder, string action, bool last = true)
    {
        foreach (var step in new[] { "acknowledge", "arrive", "resolve" })
        {
            if (step == action && !last) return;
            Assert.True((await Act(whistle, responder, step)).Ok, step);
            if (step == action) return;
        }
    }

    /// <summary>Frees the responder for the next case: the incident is resolved (or cancelled) and closed.</summary>
    private async Task Finish(string whistle)
    {
        var incident = (await Incident(whistle).Get())!;
        if (incident.Status.IsOpen()) await Incident(whistle).Cancel("test", "下一个");
    }

    /// <summary>The incident, whoever holds it, the dispatcher's cards and the township's list agree.</summary>
    private async Task AssertConsistent(string whistle, string point)
    {
        var incident = (await Incident(whistle).Get())!;
        foreach (var r in RoadResponders)
        {
            var snapshot = (await Grains.GetGrain<IResponderGrain>(r).GetSnapshot())!;
            var holds = snapshot.WorkOrders.Any(w => w.IncidentId == incident.Id);
            var shouldHold = incident.Status.IsOpen() && incident.ResponderId == r;
            Assert.True(holds == shouldHold, $"crash at {point}: {r} holds the work order: {holds}; the incident is {incident.Status} with {incident.ResponderId}");
        }

        // The dispatcher hears from responders one-way: give it a moment.
        await Eventually.Holds(async () =>
        {
            var cards = await Grains.GetGrain<IDispatcherGrain>(SmallTownship.Id).GetResponders();
            var loads = new List<(int Card, int Held)>();
            foreach (var r in RoadResponders)
                loads.Add((cards.Single(c => c.Id == r).Load, (await Grains.GetGrain<IResponderGrain>(r).GetSnapshot())!.WorkOrders.Count));
            return loads;
        }, loads => loads.All(l => l.Card == l.Held), TimeSpan.FromSeconds(5), $"crash at {point}: the dispatcher's cards match what responders hold");

        var listed = await Eventually.Holds(() => Grains.GetGrain<IIncidentIndexGrain>(SmallTownship.Id).List(null, 1000),
            list => list.Any(i => i.Id == incident.Id && i.Status == incident.Status), TimeSpan.FromSeconds(5), $"crash at {point}: listed as {incident.Status}");
        Assert.Single(listed, i => i.Id == incident.Id);
    }
}
