namespace GridDispatch.Benchmarks;

/// <summary>
/// What a silo's resident memory is made of at one moment: the kernel's view (<c>/proc/PID/smaps_rollup</c>:
/// anonymous pages, which hold the GC heap and every native allocation, against file-backed pages, the mapped
/// code) beside the GC's own view from the silo's <c>/metrics</c> (System.Runtime: the heap after the last
/// collection, its fragmentation, and what the GC holds committed from the OS). Anonymous minus committed is
/// native memory: SQLite's caches, MQTTnet and Kestrel buffers, thread stacks, the JIT's data.
/// </summary>
public sealed record SiloMemory(long RssBytes, long AnonymousBytes, long FileBytes, int Threads, long HeapBytes, long FragmentationBytes, long CommittedBytes, long Gen2Collections)
{
    public long NativeBytes => Math.Max(0, AnonymousBytes - CommittedBytes);

    public static async Task<SiloMemory> ReadAsync(int pid, HttpClient management)
    {
        var metrics = await PrometheusText.TextAsync(management);
        var rollup = File.ReadLines($"/proc/{pid}/smaps_rollup").Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => long.TryParse(p[1].Trim().Split(' ')[0], out var kb) ? kb * 1024 : 0);
        var threads = File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("Threads:", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(':')[1].Trim())).Single();
        return new SiloMemory(
            rollup.GetValueOrDefault("Rss"),
            rollup.GetValueOrDefault("Anonymous"),
            rollup.GetValueOrDefault("Rss") - rollup.GetValueOrDefault("Anonymous"),
            threads,
            (long)PrometheusText.Sum(metrics, "dotnet_gc_last_collection_heap_size_bytes"),
            (long)PrometheusText.Sum(metrics, "dotnet_gc_last_collection_heap_fragmentation_size_bytes"),
            (long)PrometheusText.Sum(metrics, "dotnet_gc_last_collection_memory_committed_size_bytes"),
            (long)PrometheusText.Sum(metrics, "dotnet_gc_collections_total", "gc_heap_generation=\"gen2\""));
    }

    /// <summary>Each part in KB per lamp: the figures a host sizes by.</summary>
    public string PerLamp(int lamps)
    {
        string Kb(long bytes) => $"{bytes / 1024.0 / lamps:F2}";
        return $"{Kb(RssBytes)} | {Kb(HeapBytes)} | {Kb(FragmentationBytes)} | {Kb(CommittedBytes)} | {Kb(NativeBytes)} | {Kb(FileBytes)} | {Threads}";
    }

    public const string PerLampHeader = "RSS | GC heap after last GC | of it fragmentation | GC committed | native (anonymous − committed) | file-backed (code) | threads";
}
