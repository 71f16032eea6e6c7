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
/// the measured phase and its hottest symbols printed (run it alone: perf needs <c>DOTNET_PerfMapEnabled=1</c>, set here).
/// </summary>
public sealed class ExternalBrokerBenchmark(int lamps, TimeSpan duration, int connections, int window = 16)
{
    private const int Townships = 10;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    private static readonly bool Perf = Environment.GetEnvironmentVariable("GD_BENCH_PERF") == "1";
    private long _sequence;

    private sealed record Path(string Name, LoadFigures Load, long IngestedAfterDrain, long Shed, long? BrokerDropped, double CpuPercent, string? Profile);

    public async Task<string> RunAsync()
    {
        if (Perf) Environment.SetEnvironmentVariable("DOTNET_PerfMapEnabled", "1"); // inherited by the silo and by silo/cluster.sh's processes
        var embedded = await EmbeddedAsync();
        Console.WriteLine($"embedded: ingested {embedded.Load.TakenPerSecond:N0}/s");
        var (external, paced) = await ThroughMosquittoAsync(embedded.Load.TakenPerSecond);
        Console.WriteLine($"mosquitto: ingested {external.Load.TakenPerSecond:N0}/s unpaced, {paced.Load.TakenPerSecond:N0}/s of {paced.Load.Offered:N0} offered");

        var report = new StringBuilder();
        report.AppendLine($"{lamps:N0} lamps in {Townships} townships, imported and each reported once; {connections} lean publishers ({window} QoS 1 in flight each) in both rows, " +
                          $"{WarmUp.TotalSeconds:F0} s of warm-up, then unpaced for {duration.TotalSeconds:F0} s. Embedded: the real silo process (embedded broker, SQLite FULL). " +
                          "Through mosquitto: silo/cluster.sh with one silo (mosquitto 2.0, redis-server, the silo, the gateway and the dashboard as Orleans clients, workstation GC). " +
                          "Acknowledged is the broker's PUBACKs (the embedded broker's come after the grain); ingested the gateway's own count (`griddispatch_mqtt_accepted_total`) " +
                          "during the phase; not ingested = acknowledged − ingested after the gateway drained what the broker still held; of that, shed is the gateway's " +
                          "`griddispatch_mqtt_telemetry_shed_total` (a newer report of the same lamp replaced it while it waited) and mosquitto dropped its " +
                          "`$SYS/broker/publish/messages/dropped`. CPU is every process of the path (not the load generator), 2 cores = 200 %.");
        report.AppendLine();
        report.AppendLine("| path | sent msgs/s | acknowledged msgs/s | ingested msgs/s | × embedded | not ingested (of acknowledged) | of which shed by the gateway / dropped by mosquitto | CPU |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in new[] { embedded, external, paced })
        {
            var l = p.Load;
            report.AppendLine($"| {p.Name} | {l.SentPerSecond:N0} | {l.AcknowledgedPerSecond:N0} | {l.TakenPerSecond:N0} | {l.TakenPerSecond / embedded.Load.TakenPerSecond:F2} | " +
                              $"{Math.Max(0, l.Acknowledged - p.IngestedAfterDrain - l.Dropped):N0} of {l.Acknowledged:N0} | {p.Shed:N0} / {(p.BrokerDropped is { } d ? d.ToString("N0") : "–")} | {p.CpuPercent:F0} % |");
        }

        report.AppendLine();
        report.AppendLine($"Through mosquitto × embedded, ingested: unpaced **{external.Load.TakenPerSecond / embedded.Load.TakenPerSecond:F2}×**; offered the embedded path's " +
                          $"rate, **{paced.Load.TakenPerSecond / embedded.Load.TakenPerSecond:F2}×** (goal ≥ 0.8×). Unpaced, mosquitto acknowledges as fast as the publishers send " +
                          "(the embedded broker only after the grain), so the publishers and mosquitto take CPU the gateway and silo would use; the paced row is the same load as the embedded row.");
        foreach (var p in new[] { embedded, external }.Where(p => p.Profile is not null))
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
            var (load, cpu, profile) = await MeasureAsync(silo.Silo.MqttPort, "admin", "demo", all, metrics, [pid], pid);
            return new Path("embedded broker → gateway → grains (one process)", load, load.Taken, 0, null, cpu, profile);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Unpaced, then paced at <paramref name="embeddedRate"/> (the same load as the embedded row).</summary>
    private async Task<(Path Unpaced, Path Paced)> ThroughMosquittoAsync(double embeddedRate)
    {
        Environment.SetEnvironmentVariable("CLUSTER_MOSQUITTO_SYS_INTERVAL", "1"); // inherited by silo/cluster.sh
        await using var cluster = await LocalCluster.StartAsync(silos: 1);
        var processes = cluster.Processes();
        await MosquittoSys.GrantAsync(System.IO.Path.Combine(cluster.Folder, "mosquitto", "griddispatch.acl"), LocalCluster.GatewayUser, processes["mosquitto"]);
        var all = (await BenchTownships.ImportAsync(await cluster.ClientAsync(), lamps, Townships)).SelectMany(x => x).ToArray();
        using var metrics = new HttpClient { BaseAddress = cluster.GatewayManagement };
        await LoadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, all, WarmUp);
        // What the warm-up left in mosquitto's queue for the gateway is taken before the measured phase begins.
        await PrometheusText.DrainedAsync(metrics);
        var unpaced = await PhaseAsync(null);
        var paced = await PhaseAsync(embeddedRate);
        return (unpaced, paced);

        async Task<Path> PhaseAsync(double? rate)
        {
            var droppedBefore = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped);
            var before = await PrometheusText.IngestedAsync(metrics);
            var shedBefore = await PrometheusText.SumAsync(metrics, "griddispatch_mqtt_telemetry_shed_total");
            var (load, cpu, profile) = await MeasureAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, all, metrics,
                [.. processes.Values], rate is null ? processes["gateway"] : null, rate);
            var drained = await PrometheusText.DrainedAsync(metrics) - before;
            var shed = await PrometheusText.SumAsync(metrics, "griddispatch_mqtt_telemetry_shed_total") - shedBefore;
            var droppedAfter = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped);
            var name = rate is null ? "mosquitto → gateway process → silo process (1 silo), unpaced" : $"the same, offered the embedded row's rate ({rate:N0} msgs/s)";
            return new Path(name, load, (long)drained, (long)shed, droppedAfter - droppedBefore, cpu, profile);
        }
    }

    /// <summary>The measured phase: the load unpaced for the run's length; what the gateway ingested meanwhile, and the CPU of <paramref name="pids"/>.</summary>
    private async Task<(LoadFigures Load, double CpuPercent, string? Profile)> MeasureAsync(int port, string user, string password, string[] all, HttpClient metrics,
        int[] pids, int? gatewayPid, double? rate = null)
    {
        var (ingestedBefore, droppedBefore) = (await PrometheusText.IngestedAsync(metrics), await PrometheusText.DroppedAsync(metrics));
        var cpuBefore = pids.Sum(ProcessFigures.CpuSeconds);
        var profiling = Perf && gatewayPid is { } profiled ? PerfProfile.RecordAsync(profiled, duration - TimeSpan.FromSeconds(1)) : Task.FromResult<string?>(null);
        var load = await LoadAsync(port, user, password, all, duration, rate);
        var cpu = (pids.Sum(ProcessFigures.CpuSeconds) - cpuBefore) / load.Seconds * 100;
        var ingested = await PrometheusText.IngestedAsync(metrics) - ingestedBefore;
        var dropped = await PrometheusText.DroppedAsync(metrics) - droppedBefore;
        return (load with { Taken = (long)ingested, Dropped = (long)dropped }, cpu, await profiling);
    }

    private async Task<LoadFigures> LoadAsync(int port, string user, string password, string[] all, TimeSpan length, double? rate = null)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, connections)
            .Select(n => RawMqttPublisher.ConnectAsync(port, $"ext-{n}-{Guid.NewGuid():N}"[..20], user, password, window)));
        using var stop = new CancellationTokenSource(length);
        var clock = Stopwatch.StartNew();
        (string Topic, string Payload) Next(long n) => BenchTownships.SteadyReport(all[(int)(n % all.Length)], n);
        await Task.WhenAll(publishers.Select(p => Task.Run(() => rate is { } r
            ? p.RunPacedAsync(Next, () => Interlocked.Increment(ref _sequence), r / connections, stop.Token)
            : p.RunAsync(Next, () => Interlocked.Increment(ref _sequence), stop.Token))));
        var figures = new LoadFigures(clock.Elapsed.TotalSeconds, rate ?? double.PositiveInfinity, publishers.Sum(p => p.Sent), publishers.Sum(p => p.Acknowledged), 0);
        foreach (var p in publishers) await p.DisposeAsync();
        return figures;
    }
}
