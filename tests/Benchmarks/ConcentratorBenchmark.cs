using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A concentrator's storm (#22 goal 6): a 集中控制器 speaks for many lamps on one MQTT connection, and a cable fault makes
/// <c>lamps</c> of them report LEAKAGE at once (QoS 1, 16 in flight). A broker takes one connection's messages one at a
/// time, so each lamp's answer holds up the next lamp's report. From the fault: when every report was acknowledged, when
/// each alarm reached a screen (a SignalR client watching the township), and when each lamp was on a work order. The
/// baseline, in the same run: as many lamps of another township spread over 16 connections.
/// </summary>
public sealed class ConcentratorBenchmark(int lamps)
{
    private const int Window = 16;
    private const int Spread = 16;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private sealed record Storm(int Connections, long Acknowledged, TimeSpan AllAcknowledged, ProbeFigures Alarms, ProbeFigures Filed);

    public async Task<string> RunAsync()
    {
        var folder = RepositoryPaths.NewTempFolder("bench-concentrator");
        await using var silo = await SiloWithClient.StartAsync(folder, "--demo", "--db", Path.Combine(folder, "concentrator.db"));
        // two townships: each storm has a work-order desk of its own, empty when it starts
        var ids = await BenchTownships.ImportAsync(silo.Grains, lamps * 2, 2);
        await using var first = await AlarmScreen.WatchAsync(silo.Silo.BaseAddress, "bench0");
        await using var second = await AlarmScreen.WatchAsync(silo.Silo.BaseAddress, "bench1");
        var one = await StormAsync(silo.Silo.MqttPort, first, ids[0], connections: 1);
        var spread = await StormAsync(silo.Silo.MqttPort, second, ids[1], connections: Spread);

        var report = new StringBuilder();
        report.AppendLine($"{lamps:N0} lamps report LEAKAGE at once (QoS 1, {Window} in flight a connection), first on one connection (township bench0), then another {lamps:N0} on {Spread} connections (bench1); times from the fault, the silo on {ProcessFigures.GcMode(silo.Silo.ProcessId)} GC.");
        report.AppendLine();
        report.AppendLine("| the lamps' reports on | acknowledged | all acknowledged after | alarm on a screen, p50 / p99 (seen) | on a work order, p50 / p99 (filed) |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var s in new[] { one, spread })
            report.AppendLine($"| {s.Connections} connection{(s.Connections == 1 ? "" : "s")} | {s.Acknowledged:N0} of {lamps:N0} | {s.AllAcknowledged.TotalSeconds:F2} s | {s.Alarms.Percentiles} ms ({s.Alarms.Seen:N0}) | {s.Filed.Percentiles} ms ({s.Filed.Seen:N0}) |");
        report.AppendLine($"| one connection ÷ {Spread} | | {Ratio(one.AllAcknowledged.TotalMilliseconds, spread.AllAcknowledged.TotalMilliseconds)} | {Ratio(one.Alarms.P99Ms, spread.Alarms.P99Ms)} (p99) | {Ratio(one.Filed.P99Ms, spread.Filed.P99Ms)} (p99) |");
        Directory.Delete(folder, recursive: true);
        return report.ToString();
    }

    private static string Ratio(double a, double b) => double.IsInfinity(a) || double.IsInfinity(b) || b <= 0 ? "—" : $"{a / b:F2}×";

    private async Task<Storm> StormAsync(int port, AlarmScreen screen, string[] township, int connections)
    {
        var storm = township[..lamps];
        var publishers = await Task.WhenAll(Enumerable.Range(0, connections)
            .Select(n => RawMqttPublisher.ConnectAsync(port, $"concentrator-{connections}-{n}", "admin", "demo", Window)));
        var queues = publishers.Select(_ => Channel.CreateUnbounded<(string Topic, string Payload)>()).ToArray();
        var fault = Stopwatch.GetTimestamp();
        for (var i = 0; i < storm.Length; i++) queues[i % connections].Writer.TryWrite(BenchTownships.LeakageReport(storm[i]));
        var sending = publishers.Select((p, n) => p.RunQueueAsync(queues[n].Reader)).ToArray();

        // The queues stay open until every report is acknowledged: a publisher waits for acknowledgements only 2 s after its queue ends.
        while (publishers.Sum(p => p.Acknowledged) < storm.Length && Stopwatch.GetElapsedTime(fault) < Deadline) await Task.Delay(5);
        var allAcknowledged = Stopwatch.GetElapsedTime(fault);
        var acknowledged = publishers.Sum(p => p.Acknowledged);
        foreach (var queue in queues) queue.Writer.Complete();
        await Task.WhenAll(sending);
        foreach (var publisher in publishers) await publisher.DisposeAsync();

        // every alarm on the screen and every lamp on a work order, or the deadline
        while (screen.Count(storm) is var (seen, filed) && (seen < storm.Length || filed < storm.Length) && Stopwatch.GetElapsedTime(fault) < Deadline)
            await Task.Delay(20);
        var probes = storm.Select(l => (l, fault)).ToList();
        return new Storm(connections, acknowledged, allAcknowledged, screen.Measure(probes), screen.MeasureFiled(probes));
    }
}
