using System.Diagnostics;
using System.Text;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 22, goal 1: ingestion through an external broker against the embedded one, same publisher, same lamps, same run.
/// First the real silo process alone (embedded broker → gateway → grains, one process), then the local cluster of
/// silo/cluster.sh with one silo (mosquitto → the gateway process → the silo process). Each: lamps imported and warmed,
/// 5 s of load, then the load unpaced for the run's length; ingested is the gateway's own count of what it took into
/// grains. Through mosquitto, what it acknowledged and the gateway never took is counted (drained, and mosquitto's own
/// <c>$SYS</c> count of what it dropped). With <c>GD_BENCH_PERF=1</c> the gateway process is sampled with perf during
/// the measured phase and its hottest symbols printed (run it alone: perf needs the JIT's perf map, set up here).
/// The cluster runs once per count of the gateway's telemetry sessions (<c>GD_BENCH_SESSIONS</c>, default <c>1,4</c>), and
/// first measures mosquitto's own ceiling there: the same load to as many bare subscribers, nothing behind them.
/// </summary>
public sealed class ExternalBrokerBenchmark(int lamps, TimeSpan duration, int connections, int window = 16)
{
    private const int Townships = 10;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private long _sequence;

    /// <summary>mosquitto with nothing behind it but bare subscribers: what any consumer of it could take on this box, with this load.</summary>
    private sealed record Ceiling(int Sessions, LoadFigures Load, long? BrokerDropped, double MosquittoCpuPercent, double SubscribersCpuPercent);

    private sealed record Path(string Name, LoadFigures Load, long IngestedAfterDrain, long RefusedAfterDrain, long Shed, long? BrokerDropped, double CpuPercent,
        IReadOnlyDictionary<string, double> CpuByProcess, string? Profile);

    public async Task<string> RunAsync()
    {
        if (PerfProfile.Asked) PerfProfile.NameJitCodeInChildren(); // inherited by the silo and by silo/cluster.sh's processes
        var embedded = await EmbeddedAsync();
        Console.WriteLine($"embedded: ingested {embedded.Load.TakenPerSecond:N0}/s");
        var through = new List<(int Sessions, Path Unpaced, Path Paced)>();
        var ceilings = new List<Ceiling>();
        foreach (var sessions in TelemetrySessions)
        {
            var (ceiling, unpaced, paced) = await ThroughMosquittoAsync(embedded.Load.TakenPerSecond, sessions);
            Console.WriteLine($"mosquitto, {sessions} telemetry session(s): bare subscribers took {ceiling.Load.TakenPerSecond:N0}/s; " +
                              $"ingested {unpaced.Load.TakenPerSecond:N0}/s unpaced, {paced.Load.TakenPerSecond:N0}/s of {paced.Load.Offered:N0} offered");
            through.Add((sessions, unpaced, paced));
            ceilings.Add(ceiling);
        }

        var report = new StringBuilder();
        report.AppendLine($"{lamps:N0} lamps in {Townships} townships, imported and each reported once; {connections} lean publishers ({window} QoS 1 in flight each) in both rows, " +
                          $"{WarmUp.TotalSeconds:F0} s of warm-up, then unpaced for {duration.TotalSeconds:F0} s. Embedded: the real silo process (embedded broker, SQLite FULL). " +
                          "Through mosquitto: silo/cluster.sh with one silo (mosquitto 2.0, redis-server, the silo, the gateway and the dashboard as Orleans clients, workstation GC). " +
                          "Acknowledged is the broker's PUBACKs (the embedded broker's come after the grain); ingested the gateway's own count (`griddispatch_mqtt_accepted_total`) " +
                          "during the phase. What was acknowledged in the phase is accounted for once the gateway has drained what the broker still held: ingested, refused " +
                          "by the gateway (`griddispatch_mqtt_dropped_total`: bad input, or a report older than its lamp's last), shed by it " +
                          "(`griddispatch_mqtt_telemetry_shed_total`: a newer report of the same lamp replaced it while it waited) and dropped by mosquitto " +
                          "(its `$SYS/broker/publish/messages/dropped`); unaccounted is what is left, lost without a count. CPU is every process of the path (not the load generator), 2 cores = 200 %.");
        report.AppendLine();
        report.AppendLine("| path | sent msgs/s | acknowledged msgs/s | ingested msgs/s | × embedded | acknowledged in the phase | of it, by the end of the drain: ingested / refused by the gateway / shed by the gateway / dropped by mosquitto / **unaccounted** | CPU |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var rows = through.SelectMany(t => new[] { t.Unpaced, t.Paced }).Prepend(embedded).ToList();
        foreach (var p in rows)
        {
            var l = p.Load;
            var unaccounted = l.Acknowledged - p.IngestedAfterDrain - p.RefusedAfterDrain - p.Shed - (p.BrokerDropped ?? 0);
            report.AppendLine($"| {p.Name} | {l.SentPerSecond:N0} | {l.AcknowledgedPerSecond:N0} | {l.TakenPerSecond:N0} | {l.TakenPerSecond / embedded.Load.TakenPerSecond:F2} | {l.Acknowledged:N0} | " +
                              $"{p.IngestedAfterDrain:N0} / {p.RefusedAfterDrain:N0} / {p.Shed:N0} / {(p.BrokerDropped is { } d ? d.ToString("N0") : "unknown")} / **{unaccounted:N0}** | {p.CpuPercent:F0} % |");
        }

        report.AppendLine();
        foreach (var p in rows.Skip(1))
            report.AppendLine($"CPU by process, {p.Name}: {string.Join(", ", p.CpuByProcess.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:F0} %"))}.");
        report.AppendLine();
        foreach (var (sessions, unpaced, paced) in through)
            report.AppendLine($"Through mosquitto × embedded, ingested, {sessions} telemetry session(s): unpaced **{unpaced.Load.TakenPerSecond / embedded.Load.TakenPerSecond:F2}×**; " +
                              $"offered the embedded path's rate, **{paced.Load.TakenPerSecond / embedded.Load.TakenPerSecond:F2}×** (goal ≥ 0.8×).");
        report.AppendLine();
        report.AppendLine("**mosquitto's own ceiling on this box**, in the same cluster just before its gateway rows: the same publishers, unpaced, on a topic no gateway " +
                          "subscribes to (each lamp's telemetry topic with `/ceiling` after it), and nothing behind mosquitto but as many `mosquitto_sub` processes as the gateway has telemetry sessions, " +
                          "subscribed as the gateway's are (QoS 1, `gd/+/lamp/+/telemetry/ceiling`; sharing one subscription when more than one). They take no report into grains, so what they " +
                          "received is the most any consumer of mosquitto could take here with this load; delivered is counted during the phase.");
        report.AppendLine();
        report.AppendLine("| bare subscribers | sent msgs/s | acknowledged msgs/s | delivered msgs/s | × embedded path's ingestion | dropped by mosquitto | mosquitto CPU | mosquitto µs a delivered message | subscribers' CPU |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in ceilings)
            report.AppendLine($"| {c.Sessions} | {c.Load.SentPerSecond:N0} | {c.Load.AcknowledgedPerSecond:N0} | {c.Load.TakenPerSecond:N0} | {c.Load.TakenPerSecond / embedded.Load.TakenPerSecond:F2} | " +
                              $"{(c.BrokerDropped is { } d ? d.ToString("N0") : "unknown")} | {c.MosquittoCpuPercent:F0} % | " +
                              $"{c.MosquittoCpuPercent / 100 / Math.Max(1, c.Load.TakenPerSecond) * 1e6:F1} | {c.SubscribersCpuPercent:F0} % |");
        report.AppendLine();
        report.AppendLine("Unpaced, mosquitto acknowledges as fast as the publishers send (the embedded broker only after the grain), so the publishers and mosquitto " +
                          "take CPU the gateway and silo would use; the paced row is the same load as the embedded row. One telemetry session is a gateway's default " +
                          "alone (`Mqtt:External:TelemetrySessions` unset, a plain subscription); four, the default with a `SharedGroup`.");
        foreach (var p in rows.Where(p => p.Profile is not null))
        {
            report.AppendLine();
            report.AppendLine($"perf, {p.Name}, the gateway's process, hottest symbols by self time:");
            report.AppendLine();
            report.AppendLine("```");
            report.Append(p.Profile);
            report.AppendLine("```");
        }

        return report.ToString();
    }

    private async Task<Path> EmbeddedAsync()
    {
        var folder = RepositoryPaths.NewTempFolder("bench-external");
        try
        {
            await using var silo = await SiloWithClient.StartAsync(folder, "--demo", "--db", System.IO.Path.Combine(folder, "embedded.db"));
            var all = (await BenchTownships.ImportAsync(silo.Grains, lamps, Townships)).SelectMany(x => x).ToArray();
            using var metrics = new HttpClient { BaseAddress = silo.Silo.ManagementAddress };
            await LoadAsync(silo.Silo.MqttPort, "admin", "demo", all, WarmUp);
            var pid = silo.Silo.ProcessId;
            var (load, cpu, profile) = await MeasureAsync(silo.Silo.MqttPort, "admin", "demo", all, metrics, new Dictionary<string, int> { ["silo"] = pid }, pid);
            return new Path("embedded broker → gateway → grains (one process)", load, load.Taken, load.Dropped, 0, 0, cpu.Values.Sum(), cpu, profile);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The gateway's telemetry sessions in the rows through mosquitto.</summary>
    private static readonly int[] TelemetrySessions = Environment.GetEnvironmentVariable("GD_BENCH_SESSIONS") is { Length: > 0 } only
        ? [.. only.Split(',').Select(int.Parse)] : [1, 4];

    /// <summary>Unpaced, then paced at <paramref name="embeddedRate"/> (the same load as the embedded row), with <paramref name="sessions"/> telemetry sessions.</summary>
    private async Task<(Ceiling Ceiling, Path Unpaced, Path Paced)> ThroughMosquittoAsync(double embeddedRate, int sessions)
    {
        Environment.SetEnvironmentVariable("CLUSTER_MOSQUITTO_SYS_INTERVAL", "1"); // inherited by silo/cluster.sh
        Environment.SetEnvironmentVariable("Mqtt__External__TelemetrySessions", sessions.ToString(System.Globalization.CultureInfo.InvariantCulture)); // and by its gateway
        await using var cluster = await LocalCluster.StartAsync(silos: 1);
        var processes = cluster.Processes();
        await MosquittoSys.GrantAsync(System.IO.Path.Combine(cluster.Folder, "mosquitto", "griddispatch.acl"), LocalCluster.GatewayUser, processes["mosquitto"]);
        var all = (await BenchTownships.ImportAsync(await cluster.ClientAsync(), lamps, Townships)).SelectMany(x => x).ToArray();
        using var metrics = new HttpClient { BaseAddress = cluster.GatewayManagement };
        await LoadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, all, WarmUp);
        // What the warm-up left in mosquitto's queue for the gateway is taken before the measured phase begins.
        await PrometheusText.DrainedAsync(metrics);
        var ceiling = await CeilingAsync();
        var unpaced = await PhaseAsync(null);
        var paced = await PhaseAsync(embeddedRate);
        // What the gateway logged as trouble (a report it gave up on is logged, not counted), for the console.
        var log = System.IO.Path.Combine(cluster.Folder, "logs", "gateway.log");
        if (File.Exists(log))
            foreach (var line in File.ReadLines(log).Where(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("warn:", StringComparison.Ordinal))
                         .GroupBy(l => l).Select(g => $"{g.Count()} × {g.Key}"))
                Console.WriteLine($"gateway log: {line}");
        return (ceiling, unpaced, paced);

        async Task<Ceiling> CeilingAsync()
        {
            var filter = sessions == 1 ? CeilingFilter : $"$share/ceiling/{CeilingFilter}";
            var subscribers = new List<BareSubscriber>();
            try
            {
                for (var i = 0; i < sessions; i++)
                    subscribers.Add(await BareSubscriber.StartAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, qos: 1, filter));
                var droppedBefore = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped);
                var mosquittoBefore = ProcessFigures.CpuSeconds(processes["mosquitto"]);
                var subscribersBefore = subscribers.Sum(s => ProcessFigures.CpuSeconds(s.ProcessId));
                var deliveredBefore = subscribers.Sum(s => s.Delivered);
                var load = await LoadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, all, duration, suffix: CeilingSuffix);
                var delivered = subscribers.Sum(s => s.Delivered) - deliveredBefore;
                // mosquitto acknowledges a publish its ACL refuses (MQTT 3.1.1 has no negative PUBACK): nothing delivered is a broken measurement, not a ceiling.
                if (delivered == 0) throw new InvalidOperationException($"the bare subscribers on {filter} received nothing of {load.Acknowledged:N0} acknowledged");
                var mosquittoCpu = (ProcessFigures.CpuSeconds(processes["mosquitto"]) - mosquittoBefore) / load.Seconds * 100;
                var subscribersCpu = (subscribers.Sum(s => ProcessFigures.CpuSeconds(s.ProcessId)) - subscribersBefore) / load.Seconds * 100;
                foreach (var s in subscribers) await s.SettledAsync(); // what mosquitto still held goes before the gateway's rows
                var droppedAfter = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped);
                return new Ceiling(sessions, load with { Taken = delivered }, MosquittoSys.Change(droppedBefore, droppedAfter), mosquittoCpu, subscribersCpu);
            }
            finally
            {
                foreach (var s in subscribers) await s.DisposeAsync();
            }
        }

        async Task<Path> PhaseAsync(double? rate)
        {
            var droppedBefore = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped);
            var before = await PrometheusText.IngestedAsync(metrics);
            var refusedBefore = await PrometheusText.DroppedAsync(metrics);
            var shedBefore = await PrometheusText.TelemetryShedAsync(metrics);
            var (load, cpu, profile) = await MeasureAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, all, metrics,
                processes, rate is null ? processes["gateway"] : null, rate);
            // The row ends once the gateway has taken what mosquitto still held for it, so the next row starts on an empty queue.
            var drained = await PrometheusText.DrainedAsync(metrics) - before;
            var refused = await PrometheusText.DroppedAsync(metrics) - refusedBefore;
            var shed = await PrometheusText.TelemetryShedAsync(metrics) - shedBefore;
            var droppedAfter = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped);
            var dropped = MosquittoSys.Change(droppedBefore, droppedAfter);
            var name = rate is null ? $"mosquitto → gateway process ({sessions} telemetry session{(sessions == 1 ? "" : "s")}) → silo process (1 silo), unpaced"
                : $"the same, offered the embedded row's rate ({rate:N0} msgs/s)";
            return new Path(name, load, (long)drained, (long)refused, (long)shed, dropped, cpu.Values.Sum(), cpu, profile);
        }
    }

    /// <summary>The measured phase: the load for the run's length; what the gateway ingested meanwhile, and the CPU of each of <paramref name="processes"/> (percent of one core).</summary>
    private async Task<(LoadFigures Load, Dictionary<string, double> CpuPercent, string? Profile)> MeasureAsync(int port, string user, string password, string[] all, HttpClient metrics,
        IReadOnlyDictionary<string, int> processes, int? gatewayPid, double? rate = null)
    {
        var (ingestedBefore, droppedBefore) = (await PrometheusText.IngestedAsync(metrics), await PrometheusText.DroppedAsync(metrics));
        var cpuBefore = processes.ToDictionary(p => p.Key, p => ProcessFigures.CpuSeconds(p.Value));
        var profiling = PerfProfile.Asked && gatewayPid is { } profiled ? PerfProfile.RecordAsync(profiled, duration - TimeSpan.FromSeconds(1)) : Task.FromResult<string?>(null);
        var load = await LoadAsync(port, user, password, all, duration, rate);
        var cpu = processes.ToDictionary(p => p.Key, p => (ProcessFigures.CpuSeconds(p.Value) - cpuBefore[p.Key]) / load.Seconds * 100);
        var ingested = await PrometheusText.IngestedAsync(metrics) - ingestedBefore;
        var dropped = await PrometheusText.DroppedAsync(metrics) - droppedBefore;
        return (load with { Taken = (long)ingested, Dropped = (long)dropped }, cpu, await profiling);
    }

    /// <summary>Put after a lamp's telemetry topic for the ceiling's load: a topic the gateway's user may use and the gateway does not subscribe to.</summary>
    private const string CeilingSuffix = "/ceiling";

    /// <summary>The bare subscribers' filter: the gateway's telemetry filter, one level deeper.</summary>
    private const string CeilingFilter = "gd/+/lamp/+/telemetry" + CeilingSuffix;

    private async Task<LoadFigures> LoadAsync(int port, string user, string password, string[] all, TimeSpan length, double? rate = null, string suffix = "")
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, connections)
            .Select(n => RawMqttPublisher.ConnectAsync(port, $"ext-{n}-{Guid.NewGuid():N}"[..20], user, password, window)));
        using var stop = new CancellationTokenSource(length);
        var clock = Stopwatch.StartNew();
        (string Topic, string Payload) Next(long n)
        {
            var (topic, payload) = BenchTownships.SteadyReport(all[(int)(n % all.Length)], n);
            return (topic + suffix, payload);
        }
        await Task.WhenAll(publishers.Select(p => Task.Run(() => rate is { } r
            ? p.RunPacedAsync(Next, () => Interlocked.Increment(ref _sequence), r / connections, stop.Token)
            : p.RunAsync(Next, () => Interlocked.Increment(ref _sequence), stop.Token))));
        var figures = new LoadFigures(clock.Elapsed.TotalSeconds, rate ?? double.PositiveInfinity, publishers.Sum(p => p.Sent), publishers.Sum(p => p.Acknowledged), 0);
        foreach (var p in publishers) await p.DisposeAsync();
        return figures;
    }
}
