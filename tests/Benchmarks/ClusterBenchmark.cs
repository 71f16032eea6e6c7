using System.Diagnostics;
using System.Text;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 7's figures: the local cluster of silo/cluster.sh (mosquitto, redis-server, the gateway and the dashboard as
/// Orleans clients) with 1, 2 and 3 silos on this one machine. For each: lamps imported, then telemetry offered through
/// mosquitto as fast as it acknowledges it (capacity), then at 60 % of that with a LEAKAGE probe every 100 ms measuring
/// the alarm's way to a SignalR screen on the dashboard. Ingestion is what the gateway accepted into grains (its
/// griddispatch_mqtt_accepted counter); what mosquitto acknowledged and the gateway never ingested is reported as lost,
/// with mosquitto's own count of the messages it dropped (<c>$SYS</c>).
/// </summary>
public sealed class ClusterBenchmark(int lamps, TimeSpan duration)
{
    private const int Connections = 16;
    private const int Window = 16;
    private readonly StringBuilder _report = new();
    private long _sequence;

    private sealed record Phase(LoadFigures Load, long IngestedAfterDrain, long? BrokerDropped, double CpuPercent, double LoadGeneratorCpuPercent);

    private sealed record Step(int Silos, Phase Capacity, Phase Paced, ProbeFigures Alarms, IReadOnlyDictionary<string, string> GcModes);

    public async Task<string> RunAsync()
    {
        // The ceiling: the same publisher, connections and window, to mosquitto_sub; what the subscriber received.
        var ceiling = await new GatewayBenchmark(lamps, TimeSpan.FromSeconds(10), Connections, Window).MosquittoCeilingAsync();
        Environment.SetEnvironmentVariable("CLUSTER_MOSQUITTO_SYS_INTERVAL", "1"); // inherited by silo/cluster.sh
        var steps = new List<Step>();
        foreach (var silos in new[] { 1, 2, 3 }) steps.Add(await MeasureAsync(silos));

        _report.AppendLine($"{lamps:N0} lamps in 10 townships; {Connections} lean publishers ({Window} QoS 1 in flight each) offering telemetry to mosquitto, {duration.TotalSeconds:F0} s a phase: " +
                           "first as fast as mosquitto acknowledges it (capacity), then paced at 60 % of the capacity ingested, with a LEAKAGE probe every 100 ms (alarm latency to a SignalR " +
                           "screen on the dashboard; a probe never seen is lost). This machine has 2 cores for everything: the silos, the gateway, the dashboard, mosquitto, redis-server " +
                           "and the load generator (this benchmark's process).");
        _report.AppendLine();
        _report.AppendLine("Acknowledged is mosquitto's PUBACKs to the publishers; ingested the gateway's own count of messages taken into grains, during the phase and after the gateway " +
                           "had drained what mosquitto still held; lost = acknowledged − ingested after draining; of that, mosquitto dropped (its `$SYS/broker/publish/messages/dropped`, " +
                           "messages it acknowledged and then dropped from the gateway's full queue).");
        _report.AppendLine();
        _report.AppendLine("| silos | phase | sent msgs/s | acknowledged msgs/s | ingested msgs/s (in the phase) | × 1 silo | lost: acknowledged, never ingested | of which mosquitto dropped | CPU of all processes incl. load generator (its share) |");
        _report.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in steps)
        {
            Line(s.Silos, "capacity", s.Capacity, s.Capacity.Load.TakenPerSecond / steps[0].Capacity.Load.TakenPerSecond);
            Line(s.Silos, "60 %", s.Paced, double.NaN);
        }

        _report.AppendLine();
        _report.AppendLine("| silos | alarm → screen p50 / p99 ms (at 60 %) | alarms seen / probes sent (lost) | GC of each process |");
        _report.AppendLine("|---:|---:|---:|---|");
        foreach (var s in steps)
            _report.AppendLine($"| {s.Silos} | {s.Alarms.Percentiles} | {s.Alarms.Seen} / {s.Alarms.Sent} ({s.Alarms.Lost}) | {string.Join(", ", s.GcModes.Select(g => $"{g.Key}: {g.Value}"))} |");
        _report.AppendLine();
        _report.AppendLine($"mosquitto's own pass-through of the same telemetry (ceiling, same run, same publisher and connections), delivered to mosquitto_sub: {ceiling.TakenPerSecond:N0} msgs/s " +
                           $"({ceiling.AcknowledgedPerSecond:N0} acknowledged).");
        return _report.ToString();

        void Line(int silos, string phase, Phase p, double ratio) =>
            _report.AppendLine($"| {silos} | {phase} | {p.Load.SentPerSecond:N0} | {p.Load.AcknowledgedPerSecond:N0} | {p.Load.TakenPerSecond:N0} | {(double.IsNaN(ratio) ? "" : ratio.ToString("F2"))} | " +
                               $"{p.Load.Acknowledged - p.IngestedAfterDrain:N0} of {p.Load.Acknowledged:N0} | {(p.BrokerDropped is { } d ? d.ToString("N0") : "unknown ($SYS not readable)")} | {p.CpuPercent:F0} % ({p.LoadGeneratorCpuPercent:F0} %) |");
    }

    private async Task<Step> MeasureAsync(int silos)
    {
        await using var cluster = await LocalCluster.StartAsync(silos: silos);
        await MosquittoSys.GrantAsync(Path.Combine(cluster.Folder, "mosquitto", "griddispatch.acl"), LocalCluster.GatewayUser, cluster.Processes()["mosquitto"]);
        var gcModes = cluster.Processes().ToDictionary(p => p.Key, p => ProcessFigures.GcMode(p.Value));
        gcModes["load generator"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
        var grains = await cluster.ClientAsync();
        var ids = await BenchTownships.ImportAsync(grains, lamps, 10);
        var all = ids.SelectMany(x => x).ToArray();
        await using var screen = await AlarmScreen.WatchAsync(cluster.Dashboard, "bench0");
        using var metrics = new HttpClient { BaseAddress = cluster.GatewayManagement };

        // 1. Capacity: telemetry offered as fast as mosquitto acknowledges it; what the gateway ingests into grains.
        var capacity = await LoadAsync(cluster, metrics, all, perSecond: null, probes: null);

        // 2. Alarm latency at a sustainable load (60 % of that capacity), with a LEAKAGE probe every 100 ms.
        var probes = new List<(string Lamp, long At)>();
        var paced = await LoadAsync(cluster, metrics, all, perSecond: capacity.Load.TakenPerSecond * 0.6, probes: (ids[0], probes));
        await Task.Delay(3_000); // the last probes' alarms (the drain above already waited)
        var alarms = screen.Measure(probes);
        Console.WriteLine($"{silos} silos: acknowledged {capacity.Load.AcknowledgedPerSecond:N0}/s, ingested {capacity.Load.TakenPerSecond:N0}/s, " +
                          $"lost {capacity.Load.Acknowledged - capacity.IngestedAfterDrain:N0} (mosquitto dropped {capacity.BrokerDropped?.ToString("N0") ?? "unknown"}), alarms {alarms.Seen}/{alarms.Sent}");
        return new Step(silos, capacity, paced, alarms, gcModes);
    }

    /// <summary>Offers telemetry for the run's duration (paced, or as fast as it goes), then waits for the gateway to drain; counts every step.</summary>
    private async Task<Phase> LoadAsync(LocalCluster cluster, HttpClient metrics, string[] all, double? perSecond,
        (string[] Lamps, List<(string Lamp, long At)> Sent)? probes)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, Connections).Select(n =>
            RawMqttPublisher.ConnectAsync(cluster.MqttPort, $"cluster-load-{n}-{Guid.NewGuid():N}"[..22], LocalCluster.GatewayUser, LocalCluster.GatewayPassword, Window)));
        await using var probe = await RawMqttPublisher.ConnectAsync(cluster.MqttPort, $"cluster-probe-{Guid.NewGuid():N}"[..22], LocalCluster.GatewayUser, LocalCluster.GatewayPassword, 16);
        var acceptedBefore = await PrometheusText.IngestedAsync(metrics);
        var droppedBefore = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped);
        var cpuBefore = CpuOfAll(cluster);
        var generatorBefore = ProcessFigures.CpuSeconds(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        (string Topic, string Payload) Next(long n) => BenchTownships.SteadyReport(all[(int)(n % all.Length)], n);
        var loading = Task.WhenAll(publishers.Select(p => Task.Run(() => perSecond is { } rate
            ? p.RunPacedAsync(Next, () => Interlocked.Increment(ref _sequence), rate / Connections, stop.Token)
            : p.RunAsync(Next, () => Interlocked.Increment(ref _sequence), stop.Token))));
        var probing = probes is not { } wanted ? Task.CompletedTask : probe.RunPacedAsync(_ =>
        {
            var lamp = wanted.Lamps[wanted.Sent.Count % wanted.Lamps.Length];
            lock (wanted.Sent) wanted.Sent.Add((lamp, Stopwatch.GetTimestamp()));
            return BenchTownships.LeakageReport(lamp);
        }, () => 0, 10, stop.Token);
        await loading;
        await probing;
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (CpuOfAll(cluster) - cpuBefore) / elapsed;
        var generator = (ProcessFigures.CpuSeconds(Environment.ProcessId) - generatorBefore) / elapsed;
        // Read right after the load (the 1.1 s metrics cache aside): what the gateway ingested while the load ran.
        var inPhase = await PrometheusText.IngestedAsync(metrics) - acceptedBefore - probe.Acknowledged;
        var afterDrain = await PrometheusText.DrainedAsync(metrics) - acceptedBefore - probe.Acknowledged;
        var brokerDropped = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped) - droppedBefore;
        var load = new LoadFigures(elapsed, perSecond ?? double.PositiveInfinity, publishers.Sum(p => p.Sent), publishers.Sum(p => p.Acknowledged), (long)inPhase, brokerDropped ?? 0);
        foreach (var p in publishers) await p.DisposeAsync();
        return new Phase(load, (long)afterDrain, brokerDropped, cpu * 100, generator * 100);
    }

    /// <summary>Every process of the cluster, and this one: the load generator (and the probe, the screen, the Orleans client that imported).</summary>
    private static double CpuOfAll(LocalCluster cluster) =>
        cluster.Processes().Values.Sum(ProcessFigures.CpuSeconds) + ProcessFigures.CpuSeconds(Environment.ProcessId);
}
