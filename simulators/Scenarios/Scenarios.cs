using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using GridDispatch.Grains.Import;
using GridDispatch.Gateway.Grpc.V1;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Simulators.Scenarios;

/// <summary>
/// Scripted stories from the seeds, each ending with what the platform should show: true if it did.
/// They run against any GridDispatch (the demo's 益门镇 by default) and leave their incidents behind
/// for the screen and the API.
/// </summary>
public static class Scenarios
{
    public static readonly IReadOnlyDictionary<string, Func<ScenarioContext, CancellationToken, Task<bool>>> All =
        new Dictionary<string, Func<ScenarioContext, CancellationToken, Task<bool>>>
        {
            ["feeder-outage"] = FeederOutageAtDusk,
            ["leakage-in-the-rain"] = LeakageInTheRain,
            ["typhoon"] = Typhoon,
        };

    private static string Status(JsonElement i) => i.GetProperty("status").GetString()!;

    private static bool Finished(JsonElement i) => Status(i) is "Resolved" or "Closed";

    /// <summary>
    /// Dusk, and one feeder's supply fails: every lamp on it reports no voltage. One outage incident,
    /// not one per lamp; a lamp team takes it; the supply comes back and the incident resolves itself.
    /// </summary>
    private static async Task<bool> FeederOutageAtDusk(ScenarioContext s, CancellationToken cancellationToken)
    {
        var feeder = s.Township.Lamps.Where(l => l.Feeder is not null).GroupBy(l => l.Feeder!).Where(g => g.Count() >= 4).Skip(3).First();
        s.Log.WriteLine($"feeder-outage: {FeederNames.Of(s.Township.Id, feeder.Key)} ({feeder.Key}) with {feeder.Count()} lamps fails at dusk");
        var lamps = await s.LampsAsync(feeder, cancellationToken);
        await ScenarioContext.ReportAllAsync(lamps, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var responders = s.RespondersAsync(stop.Token);

        foreach (var lamp in lamps) lamp.Inject("POWER_FAILURE", int.MaxValue);
        await Task.Delay(1_000, cancellationToken);
        await ScenarioContext.ReportAllAsync(lamps, cancellationToken);
        bool Outage(JsonElement i) => i.GetProperty("title").GetString()!.Contains(FeederNames.Of(s.Township.Id, feeder.Key));
        var one = await s.WaitForAsync("one feeder-outage incident for the whole feeder", list => list.Count(Outage) == 1, TimeSpan.FromSeconds(20), cancellationToken);
        var taken = await s.WaitForAsync("a lamp team on site or done", list => list.Any(i => Outage(i) && Status(i) is "OnSite" or "Resolved" or "Closed"),
            TimeSpan.FromSeconds(60), cancellationToken);

        foreach (var lamp in lamps) lamp.Clear();
        // Clean reports until the alarms clear (they need a few in a row, to damp flapping).
        for (var round = 0; round < 4; round++)
        {
            await Task.Delay(1_100, cancellationToken);
            await ScenarioContext.ReportAllAsync(lamps, cancellationToken);
        }

        var restored = await s.WaitForAsync("supply back: the outage incident resolved", list => list.Any(i => Outage(i) && Finished(i)),
            TimeSpan.FromSeconds(60), cancellationToken);
        await stop.CancelAsync();
        await Ignore(responders);
        return one && taken && restored;
    }

    /// <summary>Rain, and three lamps on different streets leak current: each an emergency (急事), each sent to an electrician and made safe.</summary>
    private static async Task<bool> LeakageInTheRain(ScenarioContext s, CancellationToken cancellationToken)
    {
        var picked = s.Township.Lamps.GroupBy(l => l.Street).Take(3).Select(g => g.First()).ToList();
        s.Log.WriteLine($"leakage-in-the-rain: {string.Join(", ", picked.Select(l => $"{l.Id} ({l.Street})"))} leak current");
        var lamps = await s.LampsAsync(picked, cancellationToken);
        await ScenarioContext.ReportAllAsync(lamps, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var responders = s.RespondersAsync(stop.Token);

        foreach (var lamp in lamps) lamp.Inject("LEAKAGE", int.MaxValue);
        await Task.Delay(1_000, cancellationToken);
        await ScenarioContext.ReportAllAsync(lamps, cancellationToken);
        // A work order names its lamp as people do: road and pole number.
        var poles = TopologyImporter.PoleNumbers(s.Township);
        string Name(Lamp l) => LampProfile.From(s.Township.Id, l, null, poles.GetValueOrDefault(l.Id)).Name;
        bool Leak(JsonElement i, Lamp lamp) => i.GetProperty("title").GetString()!.EndsWith(Name(lamp), StringComparison.Ordinal) && i.GetProperty("severity").GetString() == "Emergency";
        var raised = await s.WaitForAsync("an emergency incident for each leaking lamp",
            list => picked.All(l => list.Any(i => Leak(i, l))), TimeSpan.FromSeconds(20), cancellationToken);
        var resolved = await s.WaitForAsync("every leakage incident made safe (resolved)",
            list => picked.All(l => list.Any(i => Leak(i, l) && Finished(i))), TimeSpan.FromSeconds(90), cancellationToken);
        foreach (var lamp in lamps) lamp.Clear();
        await stop.CancelAsync();
        await Ignore(responders);
        return raised && resolved;
    }

    /// <summary>
    /// A typhoon: the township goes into emergency mode (平急结合) and everyone called reports in (报到);
    /// grid leaders whistle floods and fallen trees; one cry for help finds no one able to take it and
    /// climbs the ladder when its deadline passes; the storm passes and the township returns to normal.
    /// </summary>
    private static async Task<bool> Typhoon(ScenarioContext s, CancellationToken cancellationToken)
    {
        var http = await s.CommandCentreAsync();
        var t = s.Township.Id;
        s.Log.WriteLine($"typhoon: {s.Township.Name} into emergency mode");
        (await http.PostAsJsonAsync($"/api/townships/{t}/mode", new { mode = "Emergency", reason = "台风“海燕”登陆" }, cancellationToken)).EnsureSuccessStatusCode();
        var called = s.Township.Departments.Select(d => d.Id).Concat(s.Township.Responders.Select(r => r.Id)).ToList();
        var checkedIn = 0;
        foreach (var id in called)
            if ((await http.PostAsJsonAsync($"/api/townships/{t}/check-in", new { affiliateId = id }, cancellationToken)).IsSuccessStatusCode) checkedIn++;
        s.Log.WriteLine($"  ✓ 报到 {checkedIn} of {called.Count}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Every team is out in the storm: a landslide call finds no one free to take it.
        var responders = s.RespondersAsync(stop.Token, ignores: title => title.Contains("被困"));
        var whistles = new Whistle.WhistleClient(s.Channel);
        var groups = s.Township.Villages.SelectMany(v => v.Groups).Where(g => g.Leader is not null).Take(3).ToList();
        foreach (var (group, n) in groups.Select((g, n) => (g, n)))
            await whistles.BlowAsync(new BlowRequest
            {
                Township = t, CellId = group.Id, WhistleId = $"typhoon-{DateTime.UtcNow:yyyyMMddHHmmss}-{n}", By = group.Leader!.Id,
                Category = n == 0 ? "flood" : "road", Severity = "major", Text = n == 0 ? "沟渠漫溢，低洼房屋进水" : "大树倒伏阻断村道",
            }, new Metadata { { "authorization", $"Bearer demo-{group.Leader.Id}" } }, cancellationToken: cancellationToken);
        // Unanswered, it misses its deadline and escalates (the ladder: group → village → township).
        var stranded = $"typhoon-stranded-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var cry = await whistles.BlowAsync(new BlowRequest
        {
            Township = t, CellId = groups[0].Id, WhistleId = stranded, By = groups[0].Leader!.Id, Category = "other", Severity = "emergency", Text = "山体滑坡，有群众被困",
        }, new Metadata { { "authorization", $"Bearer demo-{groups[0].Leader!.Id}" } }, cancellationToken: cancellationToken);

        bool Typhoons(JsonElement i) => i.GetProperty("title").GetString() is "沟渠漫溢，低洼房屋进水" or "大树倒伏阻断村道";
        var handled = await s.WaitForAsync("the typhoon's whistles handled", list => list.Count(i => Typhoons(i) && Finished(i)) >= groups.Count,
            TimeSpan.FromSeconds(90), cancellationToken);
        // The server's own deadline, not an assumed one: against the demo's defaults an emergency has 5 minutes
        // to be taken, and deadlines are reviewed once a minute, so this step waits about six minutes.
        var respondBy = (await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{cry.IncidentId}", cancellationToken)).GetProperty("respondBy").GetDateTimeOffset();
        var patience = respondBy - DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        s.Log.WriteLine($"  … the stranded emergency's deadline is {respondBy.ToOffset(TimeSpan.FromHours(8)):HH:mm:ss}: waiting up to {patience.TotalSeconds:F0} s for its escalation");
        var escalated = await s.WaitForAsync("the stranded emergency missed its deadline and escalated", list => list
                .Where(i => i.GetProperty("id").GetString() == cry.IncidentId)
                .Any(i => Timeline(http, i.GetProperty("id").GetString()!).Result.Any(e => e.GetProperty("kind").GetString() == "Escalated")),
            patience, cancellationToken);

        (await http.PostAsJsonAsync($"/api/townships/{t}/mode", new { mode = "Normal", reason = "台风过境" }, cancellationToken)).EnsureSuccessStatusCode();
        var mode = await http.GetFromJsonAsync<JsonElement>($"/api/townships/{t}/summary", cancellationToken);
        var back = mode.GetProperty("mode").GetProperty("mode").GetString() == "Normal" && mode.GetProperty("mode").GetProperty("history").GetArrayLength() > 0;
        s.Log.WriteLine(back ? "  ✓ back to normal, the emergency on record" : "  ✗ not back to normal");
        await stop.CancelAsync();
        await Ignore(responders);
        return checkedIn > 0 && handled && escalated && back;
    }

    private static async Task<JsonElement[]> Timeline(HttpClient http, string incident) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident}")).GetProperty("timeline").EnumerateArray()];

    private static async Task Ignore(Task running)
    {
        try { await running; } catch (OperationCanceledException) { }
    }
}
