using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// Issue 8, nothing lost: the one-process silo (embedded broker, SQLite) is killed with SIGKILL in the middle
/// of a storm of lamp faults (MQTT QoS 1) and whistles (HTTP), and started again on the same database. The
/// senders behave like real ones: what was not acknowledged is sent again, with the same ids and timestamps.
/// Everything acknowledged, before or after the kill, is there afterwards, once.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("crash");
    // Incidents re-send their line to the township's list on each review; here every 2 s, so the list heals quickly.
    // A lamp whose fault was acknowledged before the kill, but not yet filed at the desk, is woken by its reminder to deliver
    // it (these lamps do not report again): with reminders allowed every second, it ticks every 5 s.
    private static readonly string[] Arguments = ["--demo", "--Reminders:MinimumReminderPeriod=00:00:01", "--Incidents:ReviewEvery=00:00:02"];
    private volatile SiloProcess? _silo;
    private readonly ConcurrentDictionary<Uri, Task<HttpClient>> _signedIn = new(); // one login per silo run: logins are rate-limited

    [Fact]
    public async Task A_kill_9_mid_storm_loses_no_acknowledged_fault_or_whistle_and_duplicates_none()
    {
        var db = Path.Combine(_folder, "crash.db");
        _silo = await SiloProcess.StartAsync(_folder, [.. Arguments, "--db", db]);
        var yimen = DemoTownships.All().First(t => t.Id == "yimen");
        var lamps = yimen.Lamps.Skip(100).Take(60).Select(l => l.Id).ToArray();
        var cells = yimen.Villages.SelectMany(v => v.Groups).Select(g => g.Id).ToArray();
        var faultAcked = new ConcurrentDictionary<string, int>();  // lamp → attempts until acknowledged
        var whistleAcked = new ConcurrentDictionary<string, int>(); // whistle id → attempts
        var stormStart = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // The storm: a fault every 40 ms and a whistle every 40 ms, each retried until acknowledged.
        var storm = Enumerable.Range(0, lamps.Length).Select(async i =>
        {
            await Task.Delay(i * 40);
            await Task.WhenAll(
                UntilAcknowledged(() => PublishFaultAsync(lamps[i], stormStart + i), attempts => faultAcked[lamps[i]] = attempts, $"the fault of {lamps[i]}"),
                UntilAcknowledged(() => WhistleAsync($"crash-{i}", cells[i % cells.Length]), attempts => whistleAcked[$"crash-{i}"] = attempts, $"whistle crash-{i}"));
        }).ToList();

        // The kill comes once the storm is under way (a fixed delay would depend on the machine's load).
        await Eventually.TrueAsync(() => faultAcked.Count + whistleAcked.Count >= 15, TimeSpan.FromSeconds(30), "the storm under way");
        var ackedBeforeKill = (faultAcked.Count, whistleAcked.Count);
        _silo.Kill();
        output.WriteLine($"killed with {ackedBeforeKill.Item1} faults and {ackedBeforeKill.Item2} whistles acknowledged");
        await _silo.DisposeAsync();
        _silo = null;
        await Task.Delay(1_000);
        _silo = await SiloProcess.StartAsync(_folder, [.. Arguments, "--db", db]);
        await Task.WhenAll(storm);

        var retried = faultAcked.Values.Count(a => a > 1) + whistleAcked.Values.Count(a => a > 1);
        output.WriteLine($"all acknowledged; {retried} needed more than one attempt");
        Assert.True(ackedBeforeKill.Item1 + ackedBeforeKill.Item2 >= 10, "some acknowledged before the kill");
        Assert.True(ackedBeforeKill.Item1 < lamps.Length, "the kill came mid-storm");
        Assert.True(retried > 0, "some had to be sent again");

        using var http = await CommandCentreClient.HttpAsync(_silo.BaseAddress, "admin");
        // Each acknowledged fault is an open alarm, and that alarm is on exactly one open incident (its own, or a
        // neighbour's work order it joined): one fact, whether the kill came before, between or after the two. (An
        // alarm book holds one open alarm per code, so counting alarms alone proves nothing.) The desk files what a lamp
        // saved after answering it, so the incidents are waited for (the lamps are not read before: their reminders wake
        // those whose filing the kill cut short); the list is a view that heals, as below.
        async Task<Dictionary<string, List<string>>> LampIncidents()
        {
            var lampIncidents = new Dictionary<string, List<string>>();
            var listed = await http.GetFromJsonAsync<JsonElement[]>("/api/incidents?township=yimen&limit=1000");
            foreach (var item in listed!.Where(i => i.GetProperty("status").GetString() is not ("Resolved" or "Closed" or "Cancelled")))
            {
                var detail = await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{item.GetProperty("id").GetString()}");
                foreach (var lamp in detail.GetProperty("lamps").EnumerateArray().Select(l => l.GetString()!))
                    (lampIncidents.TryGetValue(lamp, out var on) ? on : lampIncidents[lamp] = []).Add(item.GetProperty("id").GetString()!);
            }

            return lampIncidents;
        }

        var filing = Stopwatch.StartNew();
        var filed = new Dictionary<string, List<string>>();
        await Eventually.Holds(async () =>
        {
            filed = await LampIncidents();
            return lamps.Where(l => !filed.ContainsKey(l)).ToList();
        }, missing => missing.Count == 0, TimeSpan.FromSeconds(60), "every acknowledged fault filed (the last value: the lamps not filed)");

        output.WriteLine($"every fault filed {filing.Elapsed.TotalSeconds:F1} s after the storm");
        foreach (var lamp in lamps)
        {
            Assert.True(filed.TryGetValue(lamp, out var on) && on.Count == 1, $"{lamp}'s open alarm is on {(on is null ? 0 : on.Count)} open incidents, not one");
            var snapshot = await http.GetFromJsonAsync<JsonElement>($"/api/lamps/{lamp}");
            Assert.Single(snapshot.GetProperty("openAlarms").EnumerateArray(), a => a.GetProperty("code").GetString() == "LEAKAGE");
        }

        // Each acknowledged whistle is one incident with one report in its timeline ...
        var ids = whistleAcked.Keys.Select(w => IncidentIds.For("yimen", IncidentSource.Whistle, w)).ToList();
        foreach (var id in ids)
        {
            var incident = await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
            Assert.Single(incident.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "Reported");
        }

        // ... and, once the list (a view, saved every 2 s) has healed from the incidents' own reviews, listed once.
        var index = await Eventually.Holds(() => http.GetFromJsonAsync<JsonElement[]>("/api/incidents?township=yimen&limit=1000"),
            list => ids.All(id => list!.Any(i => i.GetProperty("id").GetString() == id)), TimeSpan.FromSeconds(30), "the township's list healed");
        Assert.All(ids, id => Assert.Single(index!, i => i.GetProperty("id").GetString() == id));
    }

    private static async Task UntilAcknowledged(Func<Task<bool>> send, Action<int> acknowledged, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        for (var attempt = 1; DateTime.UtcNow < deadline; attempt++)
        {
            if (await send())
            {
                acknowledged(attempt);
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{what} was never acknowledged");
    }

    /// <summary>A lamp's LEAKAGE report at QoS 1; true once the broker acknowledged it (the grain has it on disk).</summary>
    private Task<bool> PublishFaultAsync(string lamp, long ts) => _silo is not { } silo
        ? Task.FromResult(false)
        : LampPublisher.ReportOnceAsync(silo.MqttPort, "yimen", lamp, "demo", $$"""{"ts":{{ts}},"on":true,"voltage":221,"current":0.4,"leakageMa":60}""");

    /// <summary>A whistle over HTTP; true once answered 201 (or 200: the same whistle id already taken).</summary>
    private async Task<bool> WhistleAsync(string whistleId, string cell)
    {
        if (_silo is not { } silo) return false;
        try
        {
            var login = _signedIn.GetOrAdd(silo.BaseAddress, address => CommandCentreClient.HttpAsync(address, "admin"));
            if (login.IsFaulted) _signedIn.TryRemove(silo.BaseAddress, out _);
            var http = await login;
            using var response = await http.PostAsJsonAsync("/api/whistles", new
            {
                whistleId, township = "yimen", cellId = cell, by = "admin", category = "road", severity = "minor", text = "崩溃恢复测试",
            });
            return response.IsSuccessStatusCode;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _silo?.DisposeAsync().AsTask().Wait();
        Directory.Delete(_folder, recursive: true);
    }
}
