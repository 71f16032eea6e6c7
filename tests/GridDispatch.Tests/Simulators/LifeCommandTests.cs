using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Simulators;

/// <summary>
/// <c>griddispatch-sim handhelds</c> and <c>responders</c> run as an operator runs them, against the real silo
/// with the demo: whistles arrive over MQTT as incidents, and responders take a work order to 销号.
/// </summary>
[Collection(DemoSiloCollections.Edge)]
public sealed partial class LifeCommandTests(DemoSiloFixture f)
{
    /// <summary>0, or 130 (128 + SIGINT) as System.CommandLine reports an action cancelled by Ctrl+C.</summary>
    private static readonly int[] StoppedByCtrlC = [0, 130];

    private string[] Endpoints => ["--mqtt-port", f.Silo.MqttPort.ToString(), "--grpc-port", f.Silo.GrpcPort.ToString()];

    [Fact]
    public async Task Handhelds_over_mqtt_open_one_incident_per_accepted_whistle_in_the_leaders_own_cells()
    {
        var (exit, output) = await SimulatorCli.RunForAsync(TimeSpan.FromSeconds(8), ["handhelds", "--via", "mqtt", "--whistle-every", "0.5", "--status-every", "1", .. Endpoints]);

        Assert.True(StoppedByCtrlC.Contains(exit), $"exit {exit}:\n{output}");
        var last = WhistleCounts().Matches(output).Last();
        var (accepted, refused) = (int.Parse(last.Groups[1].Value), int.Parse(last.Groups[2].Value));
        Assert.True(accepted >= 3, output);
        Assert.Equal(0, refused);
        var incidents = await f.Grains.GetGrain<IIncidentIndexGrain>("yimen").List(null, 1_000);
        var simulated = incidents.Where(i => i.Id.StartsWith("yimen-w-sim-", StringComparison.Ordinal)).ToList();
        Assert.InRange(simulated.Count, accepted, accepted + 4); // the last line is up to a second old when the process stops
        foreach (var item in simulated.Take(5))
        {
            var incident = (await f.Grains.GetGrain<IIncidentGrain>(item.Id).Get())!;
            Assert.Equal(IncidentSource.Whistle, incident.Report.Source);
            Assert.StartsWith("yimen-", incident.Report.Cell);
        }
    }

    [Fact]
    public async Task Responders_take_a_work_order_from_offer_to_close_with_a_satisfaction()
    {
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var closedOrGaveUp = new TaskCompletionSource();
        var responders = SimulatorCli.RunUntilAsync(Task.WhenAny(closedOrGaveUp.Task, Task.Delay(TimeSpan.FromSeconds(40))),
            ["responders", "--ack-after", "0.3", "--work-for", "0.3", "--time-scale", "500", "--decline-rate", "0", "--rate", "--status-every", "1", "--http", f.Silo.BaseAddress.ToString(), .. Endpoints]);
        // No wait for the responders to subscribe: a subscription starts with the responder's open work orders.
        using var whistle = await http.PostAsJsonAsync("/api/whistles", new
        {
            whistleId = "life-cmd-1", township = "yimen", cellId = "yimen-V02", by = "admin", category = "water", severity = "minor", text = "水管漏水",
        });
        whistle.EnsureSuccessStatusCode();
        var id = IncidentIds.For("yimen", IncidentSource.Whistle, "life-cmd-1");

        IncidentSnapshot? closed;
        try
        {
            closed = await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(id).Get(), i => i?.Status == IncidentStatus.Closed, TimeSpan.FromSeconds(30), "closed");
        }
        finally
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // one more status line, with the resolution counted
            closedOrGaveUp.TrySetResult();
        }

        var (exit, output) = await responders;

        Assert.True(StoppedByCtrlC.Contains(exit), $"exit {exit}:\n{output}");
        Assert.InRange(closed!.Satisfaction ?? 0, 1, 5);
        Assert.Contains(closed.Timeline, e => e.Kind == TimelineKind.Arrived);
        Assert.Matches(@"[1-9]\d* resolved", output);
    }

    [Fact]
    public async Task Closing_needs_a_resolved_incident_a_satisfaction_of_one_to_five_and_someone_who_did_not_do_the_work()
    {
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        using var whistle = await admin.PostAsJsonAsync("/api/whistles", new
        {
            whistleId = "close-rules-1", township = "yimen", cellId = "yimen-V04", by = "admin", category = "road", severity = "minor", text = "路面坑洼",
        });
        var id = (await whistle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var tooEarly = await admin.PostAsJsonAsync($"/api/incidents/{id}/close", new { satisfaction = 5 });
        using var outOfRange = await admin.PostAsJsonAsync($"/api/incidents/{id}/close", new { satisfaction = 9 });
        using var unknown = await admin.PostAsJsonAsync("/api/incidents/yimen-w-nothing/close", new { satisfaction = 5 });
        using var asResponder = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, DemoTownships.All().First(t => t.Id == "yimen").Responders[0].Id);
        using var ownWork = await asResponder.PostAsJsonAsync($"/api/incidents/{id}/close", new { satisfaction = 5 });

        Assert.Equal(System.Net.HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True(ownWork.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound, $"a responder rating: {ownWork.StatusCode}");
    }

    [GeneratedRegex(@"whistles (\d+) accepted, (\d+) refused")]
    private static partial Regex WhistleCounts();
}
