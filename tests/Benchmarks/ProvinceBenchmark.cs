using System.Diagnostics;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// #22 goal 7, one box, a province: N lamps each reporting once a minute to one silo process with the embedded default
/// (embedded broker, SQLite FULL). Three parts, each timed: the import (cells and lamps, then every lamp's first
/// report), a restart after a kill on the same database (the state on disk), and the steady load straight after the restart, a
/// minute a step, as lamps that reconnect at once would send it: what was ingested, alarm latency to a SignalR screen,
/// the silo's RSS, CPU and GC, its activations. Each GC setting named (a lever, as in e2e-memory) restarts on its own copy of
/// the one import, so they are compared in the same run. First, a baseline in the same run: the same offered rate on
/// <see cref="BaselineLamps"/> lamps, which says what the box takes at that rate when the province's size is not in the way.
/// </summary>
public sealed partial class EndToEndBenchmark
{
    /// <summary>Lamps a township: a province is many townships of this size.</summary>
    private const int ProvinceTownshipLamps = 20_000;

    /// <summary>The baseline's lamps: as many as the e2e benchmark's, a size whose figures the box is known to carry.</summary>
    private const int BaselineLamps = 100_000;

    public async Task<string> ProvinceAsync(IReadOnlyList<string> levers)
    {
        RequireKnownLevers(levers);
        var townships = Math.Max(1, lamps / ProvinceTownshipLamps);
        var folder = RepositoryPaths.NewTempFolder("bench-province");
        var database = Path.Combine(folder, "province.db");
        try
        {
            var baseline = await ProvinceBaselineAsync(folder);
            Log($"baseline, {BaselineLamps:N0} lamps at {lamps / 60.0:N0} msgs/s: ingested {baseline.Step.Load.TakenPerSecond:N0}/s, CPU {baseline.Cpu * 100:F0} %");

            // The import on a silo that expects a report an hour, so that lamps imported first do not fall silent
            // (COMM_LOSS) while the rest import: onboarding a province is not what the steady figures are about.
            if (PerfProfile.Asked) PerfProfile.NameJitCodeInChildren(); // inherited by the silo
            string[] quiet = ["--Streetlights:Faults:ReportInterval=01:00:00", "--Streetlights:Faults:WatchSweepEvery=01:00:00"];
            var import = await ImportProvinceAsync(folder, database, quiet);
            Log($"imported: cells+lamps {import.Topology.TotalSeconds:F0} s, first reports {import.Warm.TotalSeconds:F0} s, peak RSS {import.PeakRssMb:N0} MB");
            var databaseMb = DatabaseMegabytes(database);

            // Each lever restarts on its own copy of the killed importer's database: the same state on disk for all.
            var restarts = new List<ProvinceRestart>();
            foreach (var lever in levers)
                restarts.Add(await RestartProvinceAsync(folder, database, lever, import));
            Report(townships, import, databaseMb, baseline, restarts);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return _report.ToString();
    }

    /// <summary>
    /// The province's offered rate on <see cref="BaselineLamps"/> lamps (each then reports more often than once a minute): the same
    /// silo, publishers, report and probes, a minute to settle and a minute measured. Its ingestion is what this box takes at that
    /// rate with few lamps: the province's figures below it are what its size costs, above it what the box cannot give.
    /// </summary>
    private async Task<ProvinceStep> ProvinceBaselineAsync(string folder)
    {
        var database = Path.Combine(folder, "baseline.db");
        try
        {
            await using var silo = await SiloWithClient.StartAsync(folder, ["--demo", "--db", database]);
            var ids = await ImportProvinceTopologyAsync(silo.Grains, BaselineLamps);
            await BenchTownships.WarmAsync(silo.Grains, ids);
            await using var screen = await AlarmScreen.WatchAsync(silo.Silo.BaseAddress, "bench0");
            using var management = new HttpClient { BaseAddress = silo.Silo.ManagementAddress };
            var all = ids.SelectMany(x => x).ToArray();
            await ProvinceMinuteAsync(silo, screen, management, ids, all, lamps / 60.0, profile: false); // the first saves after the import
            return await ProvinceMinuteAsync(silo, screen, management, ids, all, lamps / 60.0, profile: false);
        }
        finally
        {
            DeleteDatabase(database);
        }
    }

    /// <summary>The restart with the defaults (a report a minute, COMM_LOSS after three missed) and <paramref name="lever"/>'s
    /// GC settings, on a copy of the imported database; the load starts as soon as it is ready.</summary>
    private async Task<ProvinceRestart> RestartProvinceAsync(string folder, string imported, string lever, ProvinceImport import)
    {
        var database = Path.Combine(folder, $"province-{lever}.db");
        foreach (var suffix in new[] { "", "-wal" })
            if (File.Exists(imported + suffix)) File.Copy(imported + suffix, database + suffix, overwrite: true);
        Log($"lever {lever}: {MemoryLevers[lever].Description}");
        var started = Stopwatch.StartNew();
        var steps = new List<ProvinceStep>();
        string? stopped = null;
        var silo = await StartSiloAsync(folder, ["--demo", "--db", database], MemoryLevers[lever].Environment);
        try
        {
            var ready = started.Elapsed;
            Log($"restarted: ready in {ready.TotalSeconds:F1} s");
            await using var screen = await AlarmScreen.WatchAsync(silo.Silo.BaseAddress, "bench0");
            using var management = new HttpClient { BaseAddress = silo.Silo.ManagementAddress };
            var all = import.Ids.SelectMany(x => x).ToArray();
            for (var minute = 0; minute < (int)sustain.TotalMinutes; minute++)
            {
                try
                {
                    // GD_BENCH_PERF=1: perf samples the silo for 40 s of minute 2 (perf's own report then takes CPU from the rest of it)
                    steps.Add(await ProvinceMinuteAsync(silo, screen, management, import.Ids, all, all.Length / 60.0, profile: PerfProfile.Asked && minute == 1));
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
                    $"CPU {s.Cpu * 100:F0} %, RSS {s.RssMb:N0} MB (peak {s.PeakRssMb:N0}), heap {s.HeapMb:N0} MB, GC {s.Pauses.Gc}, activations {s.Activations:N0}, SQLite queued {s.SqliteQueued:N0}, COMM_LOSS held {s.SilenceHeld:N0}");
            }

            var end = stopped is null ? await SiloMemory.ReadAsync(silo.Silo.ProcessId, management) : null;
            return new ProvinceRestart(lever, ready, steps, end, DatabaseMegabytes(database), stopped);
        }
        finally
        {
            await silo.DisposeAsync();
            DeleteDatabase(database); // 1.2 GB a lever
        }
    }

    private sealed record ProvinceRestart(string Lever, TimeSpan Ready, List<ProvinceStep> Steps, SiloMemory? End, double DatabaseEndMb, string? Stopped)
    {
        /// <summary>The minutes from the third on (the first two are mostly the lamps' reactivation).</summary>
        public List<ProvinceStep> Steady => Steps.Skip(Math.Min(2, Math.Max(0, Steps.Count - 1))).ToList();

        /// <summary>The minutes (1-based) that began with the lamps already active: their activations grew by less than 1 %
        /// over the minute. After a restart every lamp's first report activates it; these minutes are the steady state.</summary>
        public List<int> Active => [.. Steps.Select((s, i) => (s, i)).Where(x => x.i > 0 && x.s.Activations < Steps[x.i - 1].Activations * 1.01).Select(x => x.i + 1)];
    }

    private sealed record ProvinceImport(List<string[]> Ids, TimeSpan Topology, TimeSpan Warm, double PeakRssMb);

    /// <summary>One minute of the lamps reporting at <paramref name="rate"/> (the province: each once), with the silo's CPU, memory and queues over it.</summary>
    private async Task<ProvinceStep> ProvinceMinuteAsync(SiloWithClient silo, AlarmScreen screen, HttpClient management, List<string[]> ids, string[] all, double rate, bool profile)
    {
        var pid = silo.Silo.ProcessId;
        await File.WriteAllTextAsync($"/proc/{pid}/clear_refs", "5");
        var cpuBefore = ProcessFigures.CpuSeconds(pid);
        var pausesBefore = await SiloPauses.ReadAsync(management);
        var clock = Stopwatch.StartNew();
        var profiling = profile ? PerfProfile.RecordAsync(pid, TimeSpan.FromSeconds(40), top: 70) : Task.FromResult<string?>(null);
        var step = await RunStepAsync(silo.Silo, screen, management, ids, all, rate, TimeSpan.FromMinutes(1), whistlesPerSecond: 0);
        var cpu = (ProcessFigures.CpuSeconds(pid) - cpuBefore) / clock.Elapsed.TotalSeconds;
        var metrics = await PrometheusText.TextAsync(management);
        if (await profiling is { } hottest) Log($"perf of the silo, 40 s of this minute:\n{hottest}");
        return new ProvinceStep(step, cpu, SiloPauses.From(metrics) - pausesBefore, ProcessFigures.PeakRssMegabytes(pid), ProcessFigures.RssBytes(pid) / 1048576.0,
            PrometheusText.Sum(metrics, "orleans_catalog_activations"), PrometheusText.Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes") / 1048576,
            PrometheusText.Sum(metrics, "griddispatch_sqlite_queued"), PrometheusText.Sum(metrics, "griddispatch_liveness_silence_held"));
    }

    private sealed record ProvinceStep(StepResult Step, double Cpu, SiloPauses Pauses, double PeakRssMb, double RssMb, double Activations, double HeapMb, double SqliteQueued, double SilenceHeld);

    private async Task<ProvinceImport> ImportProvinceAsync(string folder, string database, string[] arguments)
    {
        await using var silo = await SiloWithClient.StartAsync(folder, ["--demo", "--db", database, .. arguments]);
        var clock = Stopwatch.StartNew();
        var ids = await ImportProvinceTopologyAsync(silo.Grains, lamps);
        var topology = clock.Elapsed;
        Log($"cells and lamps imported in {topology.TotalSeconds:F0} s; first reports …");
        clock.Restart();
        await BenchTownships.WarmAsync(silo.Grains, ids);
        return new ProvinceImport(ids, topology, clock.Elapsed, ProcessFigures.PeakRssMegabytes(silo.Silo.ProcessId));
    }

    /// <summary><paramref name="count"/> lamps laid out as a province's: townships of <see cref="ProvinceTownshipLamps"/>, 20 villages of
    /// 100 neighbourhoods each, about 10 lamps a neighbourhood, as dense as a county.</summary>
    private static Task<List<string[]>> ImportProvinceTopologyAsync(IGrainFactory grains, int count) =>
        BenchTownships.ImportTopologyAsync(grains, count, Math.Max(1, count / ProvinceTownshipLamps), villagesPerTownship: ProvinceTownshipLamps / 1_000);

    private static void DeleteDatabase(string database)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(database + suffix);
    }

    private void Report(int townships, ProvinceImport import, double databaseMb, ProvinceStep baseline, List<ProvinceRestart> restarts)
    {
        var cells = townships * (ProvinceTownshipLamps / 1_000) * 111 + townships + 1;
        _report.AppendLine($"{lamps:N0} lamps in {townships:N0} townships of {ProvinceTownshipLamps:N0} ({cells:N0} grid cells, about 10 lamps a neighbourhood), each lamp reporting once a minute " +
                           $"({lamps / 60.0:N0} msgs/s offered) over {Connections} lean MQTT connections ({Window} QoS 1 in flight each) to one silo process (`--demo`: embedded broker, SQLite FULL), " +
                           "ten LEAKAGE probes a second watched on a SignalR screen. The import runs on a silo that expects a report an hour (so the first lamps imported do not fall silent " +
                           "while the rest import); it is then killed (`kill -9`, as a crash would). For each GC setting compared, a silo is started on its own copy of that database with the defaults " +
                           "(a report a minute, COMM_LOSS after three missed), and the load starts as soon as it is ready, as lamps reconnecting at once would. Each row is one minute of that load; " +
                           "the GC column is the silo's own count (`/metrics`) over the minute.");
        _report.AppendLine();
        var b = baseline.Step.Load;
        _report.AppendLine($"**Baseline, same run:** the same {lamps / 60.0:N0} msgs/s offered to {BaselineLamps:N0} lamps (each reporting every {BaselineLamps / (lamps / 60.0):F0} s) on a fresh silo, " +
                           $"after a minute to settle: ingested **{b.TakenPerSecond:N0} msgs/s ({b.TakenPerSecond / (lamps / 60.0):F2}× offered)**, silo CPU {baseline.Cpu * 100:F0} % " +
                           $"({CpuPerReport([baseline]):F0} µs a report), alarm p50 / p99 {baseline.Step.Alarms.Percentiles} ms ({baseline.Step.Alarms.Seen} / {baseline.Step.Alarms.Sent}), " +
                           $"GC {baseline.Pauses.Gc}, RSS {baseline.RssMb:N0} MB. The province's shortfall from this figure is what its size costs; this figure's own shortfall " +
                           "from the offered rate is the box's.");
        _report.AppendLine();
        _report.AppendLine("| measure | this run |");
        _report.AppendLine("|---|---:|");
        _report.AppendLine($"| import: cells defined and lamps configured | {import.Topology.TotalSeconds:N0} s ({lamps / import.Topology.TotalSeconds:N0} lamps/s) |");
        _report.AppendLine($"| import: every lamp's first report | {import.Warm.TotalSeconds:N0} s ({lamps / import.Warm.TotalSeconds:N0} lamps/s) |");
        _report.AppendLine($"| peak RSS while importing | {import.PeakRssMb:N0} MB |");
        _report.AppendLine($"| SQLite grain database after the import | {databaseMb:N0} MB |");
        foreach (var r in restarts)
        {
            _report.AppendLine($"| {MemoryLevers[r.Lever].Description}: restart, process start to ready (`/readyz`) | {r.Ready.TotalSeconds:F1} s |");
            _report.AppendLine($"| {MemoryLevers[r.Lever].Description}: SQLite database at the end | {r.DatabaseEndMb:N0} MB |");
            if (r.End is { } end) _report.AppendLine($"| {MemoryLevers[r.Lever].Description}: at the end, RSS per lamp; GC heap per lamp | {end.RssBytes / 1024.0 / lamps:F2} KB; {end.HeapBytes / 1024.0 / lamps:F2} KB |");
        }

        _report.AppendLine();
        _report.AppendLine("| GC | minute after restart | offered msgs/s | sent | acknowledged | ingested | alarm p50 / p99 ms (seen / sent) | silo CPU | RSS MB (peak in the minute) | GC heap MB | GC collections (gen0/1/2), pause in all, mean | activations | SQLite writes queued | COMM_LOSS held (a mass silence) |");
        _report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in restarts)
        {
            var n = 0;
            foreach (var s in r.Steps)
            {
                var l = s.Step.Load;
                _report.AppendLine($"| {r.Lever} | {++n} | {l.OfferedText} | {l.SentPerSecond:N0} | {l.AcknowledgedPerSecond:N0} | {l.TakenPerSecond:N0} | {s.Step.Alarms.Percentiles} ({s.Step.Alarms.Seen} / {s.Step.Alarms.Sent}) | " +
                                   $"{s.Cpu * 100:F0} % | {s.RssMb:N0} ({s.PeakRssMb:N0}) | {s.HeapMb:N0} | {s.Pauses.Gc} | {s.Activations:N0} | {s.SqliteQueued:N0} | {s.SilenceHeld:N0} |");
            }
        }

        _report.AppendLine();
        var first = restarts[0].Steady is { Count: > 0 } f ? f.Average(s => s.Step.Load.TakenPerSecond) : (double?)null;
        foreach (var r in restarts)
        {
            if (r.Stopped is not null) _report.AppendLine($"**Stopped ({r.Lever}):** {r.Stopped}.");
            var steady = r.Steady;
            if (steady.Count == 0) continue;
            _report.AppendLine($"{MemoryLevers[r.Lever].Description}, from minute {r.Steps.Count - steady.Count + 1} on: {Summary(steady)}" +
                               (first is { } x && r != restarts[0] ? $"; ingested {steady.Average(s => s.Step.Load.TakenPerSecond) / x:F2}× {restarts[0].Lever}'s" : "") + ".");
            if (r.Active is { Count: > 0 } active)
            {
                var activeSteps = active.Select(m => r.Steps[m - 1]).ToList();
                _report.AppendLine($"{MemoryLevers[r.Lever].Description}, the minutes that began with the lamps active ({string.Join(", ", active)}: activations grew by less than 1 %): " +
                                   $"{Summary(activeSteps)}; {activeSteps.Average(s => s.Step.Load.TakenPerSecond) / Math.Max(1, b.TakenPerSecond):F2}× the baseline's.");
            }
            _report.AppendLine();
        }

        _report.AppendLine($"Machine load (`uptime`) at the end: {Uptime()}.");
    }

    private string Summary(List<ProvinceStep> steps)
    {
        var ingested = steps.Average(s => s.Step.Load.TakenPerSecond);
        return $"ingested {ingested:N0} msgs/s of {lamps / 60.0:N0} offered ({ingested / (lamps / 60.0):F2}×), silo CPU {steps.Average(s => s.Cpu) * 100:F0} % ({CpuPerReport(steps):F0} µs a report), " +
               $"GC pause {steps.Average(s => s.Pauses.GcPauseSeconds):N1} s a minute, peak RSS {steps.Max(s => s.PeakRssMb):N0} MB, worst alarm p99 {MqttLoad.Ms(steps.Max(s => s.Step.Alarms.P99Ms))} ms";
    }

    /// <summary>Silo CPU a report ingested over <paramref name="steps"/>, µs: the figure to size a box with.</summary>
    private static double CpuPerReport(List<ProvinceStep> steps) => steps.Sum(s => s.Cpu) / Math.Max(1, steps.Sum(s => s.Step.Load.TakenPerSecond)) * 1e6;

    private static double DatabaseMegabytes(string database) =>
        new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) / 1048576.0;

    private static string Uptime() => File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => $"{a} {b}");

    private static void Log(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
