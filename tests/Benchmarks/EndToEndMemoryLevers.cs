using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// #22 goal 5: what each memory lever does to the silo's RSS per lamp and to its throughput. The same e2e load
/// (sustained reports, probes and whistles, then a step offered far over capacity) on a fresh silo per lever,
/// all in one run with the silo as shipped first as the baseline; a lever is a set of the runtime's GC
/// environment variables (which take precedence over the silo's runtimeconfig.json).
/// </summary>
public sealed partial class EndToEndBenchmark
{
    public static readonly IReadOnlyDictionary<string, (string Description, Dictionary<string, string> Environment)> MemoryLevers =
        new Dictionary<string, (string, Dictionary<string, string>)>
        {
            ["shipped"] = ("as shipped (runtimeconfig.json)", []),
            ["orleans-dashboard"] = ("as shipped, with the Orleans Dashboard on (`Management:OrleansDashboard=true`)", new() { ["Management__OrleansDashboard"] = "true" }),
            ["server-datas-off"] = ("server GC, 2 heaps, DATAS off", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0" }),
            ["datas"] = ("server GC with DATAS (`GCDynamicAdaptationMode=1`)", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "1" }),
            ["gen0-16m"] = ("server GC, DATAS off, gen0 budget ≤ 16 MB a heap (`GCgen0MaxBudget`)", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0", ["DOTNET_GCgen0MaxBudget"] = "0x1000000" }),
            ["gen0-64m"] = ("server GC, DATAS off, gen0 budget ≤ 64 MB a heap (`GCgen0MaxBudget`)", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0", ["DOTNET_GCgen0MaxBudget"] = "0x4000000" }),
            ["conserve"] = ("server GC, DATAS off, `GCConserveMemory=5`", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0", ["DOTNET_GCConserveMemory"] = "5" }),
            ["datas-conserve"] = ("server GC with DATAS and `GCConserveMemory=5`", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "1", ["DOTNET_GCConserveMemory"] = "5" }),
            ["workstation"] = ("workstation GC, concurrent", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "1" }),
            ["ws-gen0-64m"] = ("workstation GC, gen0 budget ≥ 64 MB (`GCgen0size`)", new() { ["DOTNET_GCgen0size"] = "0x4000000" }),
            ["ws-conserve"] = ("workstation GC, `GCConserveMemory=7`", new() { ["DOTNET_GCConserveMemory"] = "7" }),
            ["ws-conserve9"] = ("workstation GC, `GCConserveMemory=9`", new() { ["DOTNET_GCConserveMemory"] = "9" }),
            ["ws-wxe-off"] = ("workstation GC, W^X off (`EnableWriteXorExecute=0`)", new() { ["DOTNET_EnableWriteXorExecute"] = "0" }),
            ["ws-pgo-off"] = ("workstation GC, tiered PGO off (`TieredPGO=0`)", new() { ["DOTNET_TieredPGO"] = "0" }),
            ["ws-tc-off"] = ("workstation GC, tiered compilation off (`TieredCompilation=0`)", new() { ["DOTNET_TieredCompilation"] = "0" }),
            ["heap1"] = ("server GC, DATAS off, 1 heap (`GCHeapCount=1`)", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0", ["DOTNET_GCHeapCount"] = "1" }),
        };

    /// <summary>Runs each named lever in turn (the first is the baseline) and reports RSS per lamp, its parts, and throughput against the baseline.</summary>
    public async Task<string> MemoryLeversAsync(IReadOnlyList<string> levers)
    {
        RequireKnownLevers(levers.Select(l => Lever(l).Name));
        int[] overCapacity = [40_000];
        var runs = new List<(string Lever, SiloRun Run)>();
        foreach (var lever in levers)
        {
            Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] lever {lever}");
            var (name, restart) = Lever(lever);
            runs.Add((lever, await RunSiloAsync([], overCapacity, stopWhenMissed: false, MemoryLevers[name].Environment, restartAfterImport: restart)));
        }

        _report.AppendLine($"{lamps:N0} lamps in {Townships} townships, the real silo process (`--demo`: embedded broker, SQLite FULL), started afresh for each lever: " +
                           $"imported and warmed, then the e2e load for {sustain.TotalMinutes:F0} min (a report per lamp every 10 s, ten LEAKAGE probes and half a whistle a second), " +
                           $"then {Step.TotalSeconds:F0} s offered {overCapacity[0]:N0} msgs/s (far over capacity: what it ingests is its capacity). " +
                           "RSS per lamp is the silo's peak RSS while sustaining (`VmHWM`, reset after the import) over the lamps: the whole process, nothing subtracted. " +
                           "The parts are read at the end of the sustained load: the GC's figures from the silo's `/metrics` (System.Runtime), anonymous and file-backed pages from `/proc/PID/smaps_rollup`." +
                           (levers.Any(l => Lever(l).Restart)
                               ? " A lever \"restarted on its database\" imports on one silo, stops it (SIGTERM: it saves what it holds), and runs the load on a new silo on the same database, every lamp woken by a report first: operation with none of the import's garbage in the heap."
                               : ""));
        _report.AppendLine();
        _report.AppendLine("| lever | peak RSS per lamp, sustained (KB) | × baseline | capacity, ingested msgs/s | × baseline | sustained ingested msgs/s | silo CPU sustained | alarm p50 / p99 ms (seen / sent) |");
        _report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var (baseRss, baseCapacity) = (runs[0].Run.Rss.Sustained, Capacity(runs[0].Run));
        foreach (var (lever, r) in runs)
        {
            var perLamp = r.Rss.Sustained * 1024 / lamps;
            _report.AppendLine($"| {Describe(lever)} | {perLamp:F2} | {r.Rss.Sustained / baseRss:F2} | {Capacity(r):N0} | {Capacity(r) / baseCapacity:F2} | " +
                               $"{r.Sustained.Load.TakenPerSecond:N0} | {r.Cpu * 100:F0} % | {r.Sustained.Alarms.Percentiles} ({r.Sustained.Alarms.Seen} / {r.Sustained.Alarms.Sent}) |");
        }

        _report.AppendLine();
        _report.AppendLine($"What the RSS held at the end of the sustained load, KB per lamp:");
        _report.AppendLine();
        _report.AppendLine($"| lever | {SiloMemory.PerLampHeader} | gen2 GCs so far |");
        _report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (lever, r) in runs)
            _report.AppendLine($"| {Describe(lever)} | {r.Memory.PerLamp(lamps)} | {r.Memory.Gen2Collections:N0} |");
        return _report.ToString();

        static double Capacity(SiloRun r) => r.Ramp.Average(x => x.Load.TakenPerSecond);
    }

    /// <summary>Refuses a command line naming a lever this file does not define, before anything runs.</summary>
    private static void RequireKnownLevers(IEnumerable<string> names)
    {
        var unknown = names.Where(n => !MemoryLevers.ContainsKey(n)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown lever(s) {string.Join(", ", unknown)}; known: {string.Join(", ", MemoryLevers.Keys)}");
    }

    private const string Restarted = "+restart";

    /// <summary>A lever's name, and whether the silo is restarted on its database after the import ("shipped+restart").</summary>
    private static (string Name, bool Restart) Lever(string lever) =>
        lever.EndsWith(Restarted, StringComparison.Ordinal) ? (lever[..^Restarted.Length], true) : (lever, false);

    private static string Describe(string lever) =>
        Lever(lever) is var (name, restart) && restart ? $"{MemoryLevers[name].Description}, restarted on its database after the import" : MemoryLevers[name].Description;

    /// <summary>Starts the silo with <paramref name="environment"/> added to this process's own (which the child inherits).</summary>
    private static async Task<SiloWithClient> StartSiloAsync(string folder, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (name, value) in environment) Environment.SetEnvironmentVariable(name, value);
        try
        {
            return await SiloWithClient.StartAsync(folder, arguments);
        }
        finally
        {
            foreach (var name in environment.Keys) Environment.SetEnvironmentVariable(name, null);
        }
    }
}
