using System.Diagnostics;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// #22 goal 7, one box, a province: N lamps each reporting once a minute to one silo process with the embedded default
/// (embedded broker, SQLite FULL). Three parts, each timed: the import (cells and lamps, then every lamp's first
/// report), a restart after a kill on the same database (the state on disk), and the steady load straight after the restart, a
/// minute a step, as lamps that reconnect at once would send it: what was ingested, alarm latency to a SignalR screen,
/// the silo's RSS and CPU, its activations.
/// </summary>
public sealed partial class EndToEndBenchmark
{
    /// <summary>Lamps a township: a province is many townships of this size.</summary>
    private const int ProvinceTownshipLamps = 20_000;

    public async Task<string> ProvinceAsync()
    {
        var townships = Math.Max(1, lamps / ProvinceTownshipLamps);
        var folder = RepositoryPaths.NewTempFolder("bench-province");
        var database = Path.Combine(folder, "province.db");
        try
        {
            // The import on a silo that expects a report an hour, so that lamps imported first do not fall silent
            // (COMM_LOSS) while the rest import: onboarding a province is not what the steady figures are about.
            string[] quiet = ["--Streetlights:Faults:ReportInterval=01:00:00", "--Streetlights:Faults:WatchSweepEvery=01:00:00"];
            var import = await ImportProvinceAsync(folder, database, townships, quiet);
            Log($"imported: cells+lamps {import.Topology.TotalSeconds:F0} s, first reports {import.Warm.TotalSeconds:F0} s, peak RSS {import.PeakRssMb:N0} MB");
            var databaseMb = DatabaseMegabytes(database);

            // The restart with the defaults (a report a minute, COMM_LOSS after three missed), the load starting as soon as it is ready.
            var started = Stopwatch.StartNew();
            await using var silo = await SiloWithClient.StartAsync(folder, ["--demo", "--db", database]);
            var ready = started.Elapsed;
            Log($"restarted: ready in {ready.TotalSeconds:F1} s");
            await using var screen = await AlarmScreen.WatchAsync(silo.Silo.BaseAddress, "bench0");
            using var management = new HttpClient { BaseAddress = silo.Silo.ManagementAddress };
            var all = import.Ids.SelectMany(x => x).ToArray();
            var steps = new List<ProvinceStep>();
            string? stopped = null;
            for (var minute = 0; minute < (int)sustain.TotalMinutes; minute++)
            {
                try
                {
                    steps.Add(await ProvinceMinuteAsync(silo, screen, management, import.Ids, all));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // A silo too busy to answer its own /metrics (HttpClient's 100 s) is a result, not a failed benchmark.
                    stopped = $"in minute {minute + 1} the silo stopped answering (`/metrics`: {e.GetType().Name}, {e.Message}); CPU {ProcessFigures.CpuSeconds(silo.Silo.ProcessId):N0} s in all, " +
                              $"RSS {ProcessFigures.RssBytes(silo.Silo.ProcessId) / 1048576.0:N0} MB";
                    Log(stopped);
                    break;
                }

                var s = steps[^1];
                Log($"minute {minute + 1}: ingested {s.Step.Load.TakenPerSecond:N0}/s of {s.Step.Load.Offered:N0}, alarms {s.Step.Alarms.Percentiles} ms ({s.Step.Alarms.Seen}/{s.Step.Alarms.Sent}), " +
                    $"CPU {s.Cpu * 100:F0} %, RSS {s.RssMb:N0} MB (peak {s.PeakRssMb:N0}), heap {s.HeapMb:N0} MB, activations {s.Activations:N0}, SQLite queued {s.SqliteQueued:N0}, COMM_LOSS held {s.SilenceHeld:N0}");
            }

            var end = stopped is null ? await SiloMemory.ReadAsync(silo.Silo.ProcessId, management) : null;
            Report(townships, import, databaseMb, ready, steps, end, DatabaseMegabytes(database), stopped);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return _report.ToString();
    }

    private sealed record ProvinceImport(List<string[]> Ids, TimeSpan Topology, TimeSpan Warm, double PeakRssMb);

    /// <summary>One minute of every lamp reporting once, with the silo's CPU, memory and queues over it.</summary>
    private async Task<ProvinceStep> ProvinceMinuteAsync(SiloWithClient silo, AlarmScreen screen, HttpClient management, List<string[]> ids, string[] all)
    {
        var pid = silo.Silo.ProcessId;
        await File.WriteAllTextAsync($"/proc/{pid}/clear_refs", "5");
        var cpuBefore = ProcessFigures.CpuSeconds(pid);
        var clock = Stopwatch.StartNew();
        var step = await RunStepAsync(silo.Silo, screen, management, ids, all, all.Length / 60.0, TimeSpan.FromMinutes(1), whistlesPerSecond: 0);
        var cpu = (ProcessFigures.CpuSeconds(pid) - cpuBefore) / clock.Elapsed.TotalSeconds;
        var metrics = await PrometheusText.TextAsync(management);
        return new ProvinceStep(step, cpu, ProcessFigures.PeakRssMegabytes(pid), ProcessFigures.RssBytes(pid) / 1048576.0,
            PrometheusText.Sum(metrics, "orleans_catalog_activations"), PrometheusText.Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes") / 1048576,
            PrometheusText.Sum(metrics, "griddispatch_sqlite_queued"), PrometheusText.Sum(metrics, "griddispatch_liveness_silence_held"));
    }

    private sealed record ProvinceStep(StepResult Step, double Cpu, double PeakRssMb, double RssMb, double Activations, double HeapMb, double SqliteQueued, double SilenceHeld);

    private async Task<ProvinceImport> ImportProvinceAsync(string folder, string database, int townships, string[] arguments)
    {
        await using var silo = await SiloWithClient.StartAsync(folder, ["--demo", "--db", database, .. arguments]);
        var clock = Stopwatch.StartNew();
        // 20 villages of 100 neighbourhoods a township: about 10 lamps a neighbourhood, as dense as a county.
        var ids = await BenchTownships.ImportTopologyAsync(silo.Grains, lamps, townships, villagesPerTownship: ProvinceTownshipLamps / 1_000);
        var topology = clock.Elapsed;
        Log($"cells and lamps imported in {topology.TotalSeconds:F0} s; first reports …");
        clock.Restart();
        await BenchTownships.WarmAsync(silo.Grains, ids);
        return new ProvinceImport(ids, topology, clock.Elapsed, ProcessFigures.PeakRssMegabytes(silo.Silo.ProcessId));
    }

    private void Report(int townships, ProvinceImport import, double databaseMb, TimeSpan ready, List<ProvinceStep> steps, SiloMemory? end, double databaseEndMb, string? stopped)
    {
        var cells = townships * (ProvinceTownshipLamps / 1_000) * 111 + townships + 1;
        _report.AppendLine($"{lamps:N0} lamps in {townships:N0} townships of {ProvinceTownshipLamps:N0} ({cells:N0} grid cells, about 10 lamps a neighbourhood), each lamp reporting once a minute " +
                           $"({lamps / 60.0:N0} msgs/s offered) over {Connections} lean MQTT connections ({Window} QoS 1 in flight each) to one silo process (`--demo`: embedded broker, SQLite FULL), " +
                           "ten LEAKAGE probes a second watched on a SignalR screen. The import runs on a silo that expects a report an hour (so the first lamps imported do not fall silent " +
                           "while the rest import); it is then killed (`kill -9`, as a crash would) and started again on the same database with the defaults (a report a minute, COMM_LOSS after three missed), " +
                           "and the load starts as soon as it is ready, as lamps reconnecting at once would. Each row is one minute of that load.");
        _report.AppendLine();
        _report.AppendLine("| measure | this run |");
        _report.AppendLine("|---|---:|");
        _report.AppendLine($"| import: cells defined and lamps configured | {import.Topology.TotalSeconds:N0} s ({lamps / import.Topology.TotalSeconds:N0} lamps/s) |");
        _report.AppendLine($"| import: every lamp's first report | {import.Warm.TotalSeconds:N0} s ({lamps / import.Warm.TotalSeconds:N0} lamps/s) |");
        _report.AppendLine($"| peak RSS while importing | {import.PeakRssMb:N0} MB |");
        _report.AppendLine($"| SQLite grain database after the import / at the end | {databaseMb:N0} MB / {databaseEndMb:N0} MB |");
        _report.AppendLine($"| restart on the database: process start to ready (`/readyz`) | {ready.TotalSeconds:F1} s |");
        if (end is not null) _report.AppendLine($"| at the end: RSS per lamp; GC heap per lamp | {end.RssBytes / 1024.0 / lamps:F2} KB; {end.HeapBytes / 1024.0 / lamps:F2} KB |");
        _report.AppendLine();
        _report.AppendLine("| minute after restart | offered msgs/s | sent | acknowledged | ingested | alarm p50 / p99 ms (seen / sent) | silo CPU | RSS MB (peak in the minute) | GC heap MB | activations | SQLite writes queued | COMM_LOSS held (a mass silence) |");
        _report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var n = 0;
        foreach (var s in steps)
        {
            var l = s.Step.Load;
            _report.AppendLine($"| {++n} | {l.OfferedText} | {l.SentPerSecond:N0} | {l.AcknowledgedPerSecond:N0} | {l.TakenPerSecond:N0} | {s.Step.Alarms.Percentiles} ({s.Step.Alarms.Seen} / {s.Step.Alarms.Sent}) | " +
                               $"{s.Cpu * 100:F0} % | {s.RssMb:N0} ({s.PeakRssMb:N0}) | {s.HeapMb:N0} | {s.Activations:N0} | {s.SqliteQueued:N0} | {s.SilenceHeld:N0} |");
        }

        _report.AppendLine();
        if (stopped is not null) _report.AppendLine($"**Stopped:** {stopped}.");
        var steady = steps.Skip(Math.Min(2, steps.Count - 1)).ToList();
        if (steady.Count == 0) return;
        _report.AppendLine($"From minute {steps.Count - steady.Count + 1} on: ingested {steady.Average(s => s.Step.Load.TakenPerSecond):N0} msgs/s of {lamps / 60.0:N0} offered " +
                           $"({steady.Average(s => s.Step.Load.TakenPerSecond) / (lamps / 60.0):F2}×), silo CPU {steady.Average(s => s.Cpu) * 100:F0} %, peak RSS {steady.Max(s => s.PeakRssMb):N0} MB, " +
                           $"worst alarm p99 {MqttLoad.Ms(steady.Max(s => s.Step.Alarms.P99Ms))} ms. Machine load (`uptime`) at the end: {Uptime()}.");
    }

    private static double DatabaseMegabytes(string database) =>
        new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) / 1048576.0;

    private static string Uptime() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => $"{a} {b}");

    private static void Log(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
