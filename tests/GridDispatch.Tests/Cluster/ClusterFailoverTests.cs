using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Gateway.History;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Cluster;

/// <summary>
/// Issue 7's acceptance on the local cluster of silo/cluster.sh (3 silos on redis-server, the gateway and
/// the dashboard as Orleans clients, mosquitto): with lamps' faults and whistles flowing, kill -9 a silo.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Reminders as short as a test can wait for: review every 2 s, a minor incident's response deadline 25 s (after the dead silo is declared dead, about 10–20 s after the kill, or just before: its reminders then fire on a survivor).
    // The history's figures sampled every 5 s rather than each minute, so the chart shows the whistles without waiting for the next minute.
    private const string SiloSettings = "--Reminders:MinimumReminderPeriod=00:00:01 --Incidents:ReviewEvery=00:00:02 --Incidents:Minor:Respond=00:00:25 --History:SampleEvery=00:00:05";
    private LocalCluster _cluster = null!;
    private SiloProcess? _secondDashboard;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(SiloSettings, history: true);

    public async Task DisposeAsync()
    {
        if (_secondDashboard is not null) await _secondDashboard.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Killing_a_silo_loses_no_acknowledged_whistle_or_fault_and_every_screen_hears_each_alarm_once()
    {
        var (ready, status) = await _cluster.ScriptAsync("status");
        Assert.True(ready == 0, status);
        // redis, mosquitto, the history's PostgreSQL, 3 silos, the gateway, the dashboard.
        Assert.Equal(8, status.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": ready")));
        var grains = await _cluster.ClientAsync();
        // Two dashboards, as behind a load balancer: each screen must hear every alarm of its township exactly once.
        _secondDashboard = await SiloProcess.StartAsync(_cluster.Folder, "--profile", "cluster", "--redis", $"127.0.0.1:{_cluster.RedisPort}",
            "--cluster-id", "local", "--demo", "--roles", "dashboard", $"--History:Postgres={_cluster.HistoryConnection}");
        var screens = new[] { _cluster.Dashboard, _secondDashboard.BaseAddress }.Select(address => new Screen(address)).ToList();
        foreach (var screen in screens) await screen.StartAsync();
        using var commandCentre = await CommandCentreClient.HttpAsync(_cluster.Gateway, "admin");

        var yimen = DemoTownships.All().First(t => t.Id == "yimen");
        var lamps = yimen.Lamps.Take(100).Select(l => l.Id).ToArray();
        var cells = yimen.Villages.SelectMany(v => v.Groups).Select(g => g.Id).ToArray();
        var whistles = new ConcurrentDictionary<string, DateTime>(); // incident id → when acknowledged
        var faults = new ConcurrentDictionary<string, DateTime>();   // lamp id → when the broker acknowledged
        var refused = 0;

        // The flow: every 150 ms a whistle over HTTP and a lamp's LEAKAGE over MQTT (each lamp as itself).
        var sent = new List<Task>();
        var killAt = 40; // the kill comes in the middle of the flow
        var victim = "silo1"; // chosen at the kill: the silo holding most of our lamps and incidents
        HashSet<string> onVictim = [];
        DateTime killedAt = default;
        Task<DateTime>? declaredDead = null;
        for (var i = 0; i < lamps.Length; i++)
        {
            if (i == killAt)
            {
                var oursSoFar = new HashSet<string>([.. lamps.Take(i), .. whistles.Keys]);
                var hosted = new List<(string Silo, HashSet<string> Grains)>();
                for (var silo = 0; silo < 3; silo++) hosted.Add(($"silo{silo}", await HostedOn(grains, _cluster.PortBase + 10 + silo)));
                (victim, onVictim) = hosted.MaxBy(h => h.Grains.Count(oursSoFar.Contains));
                _cluster.Kill(victim);
                killedAt = DateTime.UtcNow;
                declaredDead = DeclaredDeadAsync(grains);
                output.WriteLine($"{victim} killed; it hosted {onVictim.Count} grains");
            }

            var n = i;
            sent.Add(Task.Run(async () =>
            {
                var whistleId = $"failover-{n}";
                using var response = await commandCentre.PostAsJsonAsync("/api/whistles", new
                {
                    whistleId, township = "yimen", cellId = cells[n % cells.Length], by = "admin", category = "road", severity = "minor", text = "故障转移测试",
                });
                if (response.IsSuccessStatusCode) whistles[IncidentIds.For("yimen", IncidentSource.Whistle, whistleId)] = DateTime.UtcNow;
                else Interlocked.Increment(ref refused);
            }));
            sent.Add(Task.Run(async () =>
            {
                if (await PublishLeakageAsync(lamps[n])) faults[lamps[n]] = DateTime.UtcNow;
            }));
            await Task.Delay(150);
        }

        await Task.WhenAll(sent);
        var (_, afterKill) = await _cluster.ScriptAsync("status");
        Assert.Contains($"{victim} (pid {_cluster.Processes()[victim]}): exited", afterKill);
        output.WriteLine($"acknowledged: {whistles.Count} whistles ({refused} refused during the failover), {faults.Count} faults");
        Assert.True(whistles.Count(w => w.Value < killedAt) >= 30, "whistles acknowledged before the kill");
        Assert.True(faults.Count(f => f.Value < killedAt) >= 30, "faults acknowledged before the kill");
        Assert.NotEmpty(onVictim);

        // Every acknowledged whistle is an incident exactly once, with its state, wherever its grain now lives.
        var index = await Eventually.Holds(() => grains.GetGrain<IIncidentIndexGrain>("yimen").List(null, 1_000),
            list => whistles.Keys.All(id => list.Any(i => i.Id == id)), TimeSpan.FromSeconds(90), "acknowledged whistles in the index");
        foreach (var id in whistles.Keys)
        {
            Assert.Single(index, i => i.Id == id);
            var incident = (await grains.GetGrain<IIncidentGrain>(id).Get())!;
            Assert.Single(incident.Timeline, e => e.Kind == TimelineKind.Reported);
        }

        // Every fault the broker acknowledged reached its lamp, as one open alarm.
        foreach (var lamp in faults.Keys)
        {
            var snapshot = await Eventually.Holds(() => grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot(),
                s => s?.OpenAlarms.Any(a => a.Code == FaultCode.LEAKAGE) == true, TimeSpan.FromSeconds(90), $"{lamp}'s alarm");
            Assert.Single(snapshot!.OpenAlarms, a => a.Code == FaultCode.LEAKAGE);
        }

        // Ours among the grains the dead silo hosted are active again, on the survivors (the reads above woke them).
        var ours = onVictim.Where(id => whistles.ContainsKey(id) || faults.ContainsKey(id)).ToList();
        Assert.NotEmpty(ours);
        var survivors = await HostedOn(grains, siloPort: null);
        Assert.All(ours, id => Assert.Contains(id, survivors));

        // The screens kept streaming: no alarm twice on either, and every acknowledged fault reached each screen,
        // live or, when the live feed missed it while the dead silo was not yet declared dead, as late: the dashboard
        // tells its screens to watch again when the silos change (and once more when routes have settled), as the
        // page does on that message, marking what it had not heard as 迟到.
        output.WriteLine($"{victim} declared dead {((await declaredDead!) - killedAt).TotalSeconds:F1} s after the kill");
        foreach (var screen in screens)
        {
            Assert.All(screen.Alarms, a => Assert.Equal(1, a.Value));
            await Eventually.TrueAsync(() => faults.Keys.All(l => screen.Alarms.ContainsKey(l) || screen.FromSnapshots.ContainsKey(l)), TimeSpan.FromSeconds(60),
                $"alarms on {screen.Address} (heard {screen.Alarms.Count} live, {screen.FromSnapshots.Count} late; {screen.ClusterChanges} cluster changes, {screen.Reconnects} reconnects)");
            output.WriteLine($"{screen.Address}: {screen.Alarms.Count} of {faults.Count} alarms live (each once), {faults.Keys.Count(l => !screen.Alarms.ContainsKey(l))} late; "
                + $"{screen.ClusterChanges} cluster-change notices, {screen.Reconnects} reconnects");
            // The dashboard looks at the silos every 2 s: its notice may come just after the last alarm did.
            await Eventually.TrueAsync(() => screen.ClusterChanges > 0, TimeSpan.FromSeconds(30), "the dashboard told its screens that the silos changed");
        }

        // Deadlines still fire: each whistle's response deadline (25 s) is missed and noticed by its reminder,
        // including the incidents that lived on the dead silo.
        foreach (var id in whistles.Keys)
            await Eventually.Holds(() => grains.GetGrain<IIncidentGrain>(id).Get(), i => i!.DeadlinesMissed > 0, TimeSpan.FromSeconds(120), $"{id}'s deadline");

        // The history (PostgreSQL) outlived the silo: the incidents' rows are there with their missed deadlines, and
        // both dashboards, which write nothing, draw the same chart from it.
        await using var history = new PostgresHistoryStore(_cluster.HistoryConnection, TimeProvider.System);
        await Eventually.Holds(() => history.ReadIncidentsAsync("yimen", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1)),
            rows => whistles.Keys.All(id => rows.Any(r => r.Id == id && r.DeadlinesMissed > 0)), TimeSpan.FromSeconds(30), "the whistles' incidents in the history");
        var admins = new List<HttpClient>();
        foreach (var screen in screens) admins.Add(await CommandCentreClient.HttpAsync(screen.Address, "admin"));
        // Read until two reads agree: a new minute's sample may land between them.
        await Eventually.Holds(async () =>
        {
            var charts = new List<string>();
            foreach (var admin in admins)
            {
                var chart = await admin.GetFromJsonAsync<JsonElement>("/api/townships/yimen/history?metric=incidents&minutes=60");
                charts.Add(chart.GetProperty("since").GetInt64() + " " + chart.GetProperty("points").GetRawText());
            }

            return charts;
        }, charts => charts.Distinct().Count() == 1 && !charts[0].EndsWith(" []", StringComparison.Ordinal), TimeSpan.FromSeconds(45),
            "the same chart on both dashboards"); // a sample every 5 s here, by each surviving silo
        foreach (var admin in admins) admin.Dispose();
        foreach (var screen in screens) await screen.DisposeAsync();
    }

    /// <summary>When the membership shows only the survivors as active.</summary>
    private static async Task<DateTime> DeclaredDeadAsync(IClusterClient grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        for (var deadline = DateTime.UtcNow.AddMinutes(2); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            try
            {
                if ((await management.GetHosts(onlyActive: true)).Count == 2) return DateTime.UtcNow;
            }
            catch (Exception) { /* the management grain may itself be moving */ }
        }

        throw new TimeoutException("the killed silo was never declared dead");
    }

    /// <summary>Ids of the lamp and incident grains active on the silo whose silo-to-silo port is <paramref name="siloPort"/> (null: any active silo).</summary>
    private static async Task<HashSet<string>> HostedOn(IClusterClient grains, int? siloPort)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = (await management.GetHosts(onlyActive: true)).Keys.Where(s => siloPort is null || s.Endpoint.Port == siloPort).ToArray();
        if (hosts.Length == 0) return [];
        var statistics = await management.GetDetailedGrainStatistics(null, hosts);
        return [.. statistics.Where(s => s.GrainType.Contains("Streetlight") || s.GrainType.Contains("Incident")).Select(s => s.GrainId.Key.ToString()!)];
    }

    private Task<bool> PublishLeakageAsync(string lamp) => LampPublisher.ReportOnceAsync(_cluster.MqttPort, "yimen", lamp, "demo",
        $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"voltage":221,"current":0.4,"leakageMa":55}""");

    /// <summary>A command-centre screen on one dashboard process, counting each alarm it hears per lamp.</summary>
    private sealed class Screen(Uri address) : IAsyncDisposable
    {
        private HubConnection? _hub;

        public Uri Address => address;

        public ConcurrentDictionary<string, int> Alarms { get; } = new();

        /// <summary>Alarms not heard live but read from the snapshot a screen gets when it watches again (after a reconnect or a cluster change), as the page does.</summary>
        public ConcurrentDictionary<string, bool> FromSnapshots { get; } = new();

        public int Reconnects;

        public int ClusterChanges;

        public async Task StartAsync()
        {
            _hub = CommandCentreClient.Hub(address, await CommandCentreClient.LoginAsync(address, "admin"), reconnect: true);
            _hub.On<JsonElement>("alarmRaised", items =>
            {
                foreach (var alarm in items.EnumerateArray()) Alarms.AddOrUpdate(alarm.GetProperty("lampId").GetString()!, 1, (_, n) => n + 1);
            });
            _hub.Reconnected += async _ =>
            {
                Interlocked.Increment(ref Reconnects);
                await WatchAgainAsync();
            };
            _hub.On("clusterChanged", async () =>
            {
                Interlocked.Increment(ref ClusterChanges);
                await WatchAgainAsync();
            });
            await _hub.StartAsync();
            await _hub.InvokeAsync<JsonElement>("Watch", "yimen");
        }

        /// <summary>Watches again, as the page does; alarms in the snapshot not heard live count as late.</summary>
        private async Task WatchAgainAsync()
        {
            var snapshot = await _hub!.InvokeAsync<JsonElement>("Watch", "yimen");
            foreach (var alarm in snapshot.GetProperty("alarms").EnumerateArray())
                if (!Alarms.ContainsKey(alarm.GetProperty("lampId").GetString()!)) FromSnapshots[alarm.GetProperty("lampId").GetString()!] = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (_hub is not null) await _hub.DisposeAsync();
        }
    }
}
