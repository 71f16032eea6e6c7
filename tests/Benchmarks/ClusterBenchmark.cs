using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 7's figures: the local cluster of silo/cluster.sh (mosquitto, redis-server, the gateway and the
/// dashboard as Orleans clients) with 1, 2 and 3 silos on this one machine. For each: lamps imported,
/// then telemetry offered through mosquitto as fast as it takes it while a LEAKAGE probe every 100 ms
/// measures the alarm's way to a SignalR screen on the dashboard. Ingestion is what the gateway accepted
/// into grains (its griddispatch_mqtt_accepted counter), not what mosquitto acknowledged.
/// </summary>
public sealed class ClusterBenchmark(int lamps, TimeSpan duration)
{
    private const int Connections = 16;
    private readonly StringBuilder _report = new();
    private long _sequence;

    private sealed record Step(int Silos, double Offered, double Ingested, int Probes, int Seen, double P50, double P99, double CpuPercent);

    public async Task<string> RunAsync()
    {
        var ceiling = await new GatewayBenchmark(lamps, TimeSpan.FromSeconds(10), 64).MosquittoCeilingAsync();
        var steps = new List<Step>();
        foreach (var silos in new[] { 1, 2, 3 }) steps.Add(await MeasureAsync(silos));

        _report.AppendLine($"{lamps:N0} lamps in 10 townships; {Connections} publishers offering telemetry to mosquitto, {duration.TotalSeconds:F0} s a phase: first as fast as " +
                           "mosquitto takes it (capacity: what the gateway ingested into grains), then paced at 60 % of that capacity with a LEAKAGE probe every 100 ms " +
                           "(alarm latency to a SignalR screen on the dashboard). This machine has 2 cores for everything: the silos, the gateway, the dashboard, " +
                           "mosquitto, redis-server and the load.");
        _report.AppendLine();
        _report.AppendLine("| silos | offered (mosquitto PUBACKs) msgs/s | ingested into grains msgs/s | × 1 silo | alarm → screen p50 / p99 ms (at 60 %) | alarms seen | CPU of all processes (capacity phase) |");
        _report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in steps)
            _report.AppendLine($"| {s.Silos} | {s.Offered:N0} | {s.Ingested:N0} | {s.Ingested / steps[0].Ingested:F2} | {s.P50:F0} / {s.P99:F0} | {s.Seen} / {s.Probes} | {s.CpuPercent:F0} % |");
        _report.AppendLine();
        _report.AppendLine($"mosquitto's own pass-through of the same telemetry (ceiling, same run): {ceiling:N0} msgs/s.");
        return _report.ToString();
    }

    private async Task<Step> MeasureAsync(int silos)
    {
        await using var cluster = await LocalCluster.StartAsync(silos: silos);
        var grains = await cluster.ClientAsync();
        var ids = await BenchTownships.ImportAsync(grains, lamps, 10);
        var all = ids.SelectMany(x => x).ToArray();

        var seen = new ConcurrentDictionary<string, long>();
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(cluster.Dashboard, "/hubs/command-centre"),
            o => o.AccessTokenProvider = async () => await BenchTownships.AdminTokenAsync(cluster.Dashboard)).Build();
        hub.On<JsonElement>("alarmRaised", items =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var a in items.EnumerateArray()) seen.TryAdd(a.GetProperty("lampId").GetString()!, now);
        });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("Watch", "bench0");

        using var metrics = new HttpClient { BaseAddress = cluster.GatewayManagement };

        // 1. Capacity: telemetry offered as fast as mosquitto takes it; what the gateway ingests into grains.
        var (offered, ingested, cpu) = await LoadAsync(cluster, metrics, all, perSecond: null, probes: null);
        await DrainedAsync(metrics);

        // 2. Alarm latency at a sustainable load (60 % of that capacity), with a LEAKAGE probe every 100 ms.
        var probes = new List<(string Lamp, long At)>();
        await LoadAsync(cluster, metrics, all, perSecond: ingested * 0.6, probes: (ids[0], probes));
        await Task.Delay(5_000); // the last probes' alarms

        var latencies = probes.Where(p => seen.ContainsKey(p.Lamp)).Select(p => Stopwatch.GetElapsedTime(p.At, seen[p.Lamp]).TotalMilliseconds).Order().ToList();
        Console.WriteLine($"{silos} silos: offered {offered:N0}/s, ingested {ingested:N0}/s, alarms {latencies.Count}/{probes.Count}");
        return new Step(silos, offered, ingested, probes.Count, latencies.Count, MqttLoad.Percentile(latencies, 0.5), MqttLoad.Percentile(latencies, 0.99), cpu * 100);
    }

    /// <summary>Offers telemetry for the run's duration (paced, or as fast as it goes); returns offered and ingested msgs/s and the cluster's CPU.</summary>
    private async Task<(double Offered, double Ingested, double Cpu)> LoadAsync(LocalCluster cluster, HttpClient metrics, string[] all, double? perSecond,
        (string[] Lamps, List<(string Lamp, long At)> Sent)? probes)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, Connections).Select(n =>
            RawMqttPublisher.ConnectAsync(cluster.MqttPort, $"cluster-load-{n}-{Guid.NewGuid():N}", LocalCluster.GatewayUser, LocalCluster.GatewayPassword, 16)));
        await using var probe = await RawMqttPublisher.ConnectAsync(cluster.MqttPort, $"cluster-probe-{Guid.NewGuid():N}", LocalCluster.GatewayUser, LocalCluster.GatewayPassword, 16);
        var acceptedBefore = await AcceptedAsync(metrics);
        var cpuBefore = cluster.Processes().Values.Sum(ProcessFigures.CpuSeconds);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);
        (string Topic, string Payload) Next(long n) => BenchTownships.SteadyReport(all[(int)(n % all.Length)], n);
        var loading = Task.WhenAll(publishers.Select(p => Task.Run(() => perSecond is { } rate
            ? p.RunPacedAsync(Next, () => Interlocked.Increment(ref _sequence), rate / Connections, stop.Token)
            : p.RunAsync(Next, () => Interlocked.Increment(ref _sequence), stop.Token))));
        var k = 0;
        var probing = probes is not { } wanted ? Task.CompletedTask : probe.RunPacedAsync(_ =>
        {
            var lamp = wanted.Lamps[k++ % wanted.Lamps.Length];
            lock (wanted.Sent) wanted.Sent.Add((lamp, Stopwatch.GetTimestamp()));
            return ($"gd/bench0/lamp/{lamp}/telemetry", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"voltage":221,"current":0.4,"leakageMa":55}""");
        }, () => 0, 10, stop.Token);
        await loading;
        await probing;
        var elapsed = clock.Elapsed.TotalSeconds;
        var ingested = (await AcceptedAsync(metrics) - acceptedBefore) / elapsed;
        var cpu = (cluster.Processes().Values.Sum(ProcessFigures.CpuSeconds) - cpuBefore) / elapsed;
        var offered = publishers.Sum(p => p.Acknowledged) / elapsed;
        foreach (var p in publishers) await p.DisposeAsync();
        return (offered, ingested, cpu);
    }

    /// <summary>Waits until the gateway has caught up with what mosquitto holds for it (its count stops moving).</summary>
    private static async Task DrainedAsync(HttpClient metrics)
    {
        var last = await AcceptedAsync(metrics);
        for (var i = 0; i < 60; i++)
        {
            var now = await AcceptedAsync(metrics);
            if (now == last) return;
            last = now;
        }
    }

    /// <summary>The gateway's count of messages ingested into grains (Prometheus text from /metrics, cached up to a second).</summary>
    private static async Task<double> AcceptedAsync(HttpClient gateway)
    {
        await Task.Delay(1_100);
        var text = await gateway.GetStringAsync("/metrics");
        return text.Split('\n').Where(l => l.StartsWith("griddispatch_mqtt_accepted_total", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
