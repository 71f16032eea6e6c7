using System.Diagnostics;
using System.Text;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 2's figures: grain calls/s to 100k grains from the co-hosted client, activation time and
/// managed bytes per activation, and durable state writes/s per storage provider against Orleans'
/// in-memory storage measured in the same run.
/// </summary>
public sealed class FoundationBenchmark(int grains, int writers, TimeSpan writeDuration)
{
    private const int InFlight = 2_000;
    private readonly StringBuilder _report = new();

    public async Task<string> RunAsync()
    {
        await MeasureActivationAndCalls();
        await MeasureWrites();
        return _report.ToString();
    }

    private async Task MeasureActivationAndCalls()
    {
        using var host = await BenchHost.StartAsync(new BenchStorage.Memory());
        var factory = host.Grains();
        await Flood(1000, i => factory.GetGrain<IPingGrain>(-1 - i).Ping(i)); // warm up code paths

        var before = ManagedBytes();
        var rssBefore = ProcessFigures.RssBytes(Environment.ProcessId);
        var activation = Stopwatch.StartNew();
        await Flood(grains, i => factory.GetGrain<IPingGrain>(i).Ping(i));
        activation.Stop();
        var perActivation = (ManagedBytes() - before) / (double)grains;
        var rssPerActivation = (ProcessFigures.RssBytes(Environment.ProcessId) - rssBefore) / (double)grains; // after the forced collection above

        const int rounds = 3;
        var calls = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++) await Flood(grains, i => factory.GetGrain<IPingGrain>(i).Ping(i));
        calls.Stop();
        var callsPerSecond = rounds * grains / calls.Elapsed.TotalSeconds;

        _report.AppendLine("| measure | this run | reference (bare Orleans, same machine type) |");
        _report.AppendLine("|---|---:|---:|");
        _report.AppendLine($"| activate {grains:N0} grains | {activation.Elapsed.TotalSeconds:F2} s | 4.6 s |");
        _report.AppendLine($"| managed memory per activation (live heap after a forced full GC) | {perActivation / 1024:F2} KB | ~2 KB |");
        _report.AppendLine($"| RSS per activation (the process's VmRSS growth, same moments) | {rssPerActivation / 1024:F2} KB | |");
        _report.AppendLine($"| calls/s to active grains, co-hosted client, {InFlight:N0} in flight | {callsPerSecond:N0} | ~170,000 |");
        _report.AppendLine();
        await host.StopAsync();
    }

    private async Task MeasureWrites()
    {
        var folder = RepositoryPaths.NewTempFolder("bench-sqlite");
        var disk = DiskFigures.Measure(folder);
        await using var redis = await RedisServer.StartAsync();
        BenchStorage[] storages =
        [
            new BenchStorage.Memory(),
            new BenchStorage.Sqlite(Path.Combine(folder, "full.db"), "Full", 1024, "SQLite, group commit, synchronous=FULL (default)"),
            new BenchStorage.Sqlite(Path.Combine(folder, "normal.db"), "Normal", 1024, "SQLite, group commit, synchronous=NORMAL"),
            new BenchStorage.Sqlite(Path.Combine(folder, "single.db"), "Full", 1, "SQLite, one transaction per write, FULL"),
            new BenchStorage.Redis(redis.Configuration),
        ];

        _report.AppendLine($"Durable writes: {InFlight:N0} callers in a loop, each call one WriteStateAsync of a small state on one of {writers:N0} grains, for {writeDuration.TotalSeconds:F0} s per storage; " +
                           "each latency is timed from before the call is made to its completion.");
        _report.AppendLine($"The databases sat on {disk.FileSystem} (`{disk.Device}` mounted at `{disk.MountPoint}`); there, one 4 KiB write + fsync took " +
                           $"p50 {disk.FsyncP50Ms:F2} ms, p99 {disk.FsyncP99Ms:F2} ms ({disk.Samples} samples). redis-server's append-only file was in the same temporary folder tree, on the same filesystem.");
        _report.AppendLine();
        _report.AppendLine("| storage | writes/s | × in-memory | p50 ms | p99 ms |");
        _report.AppendLine("|---|---:|---:|---:|---:|");
        double? baseline = null;
        foreach (var storage in storages)
        {
            var (perSecond, p50, p99) = await MeasureWrites(storage);
            baseline ??= perSecond;
            _report.AppendLine($"| {storage.Name} | {perSecond:N0} | {perSecond / baseline:F2} | {p50:F2} | {p99:F1} |");
            Console.Error.WriteLine($"  {storage.Name}: {perSecond:N0} writes/s");
        }

        Directory.Delete(folder, recursive: true);
    }

    private async Task<(double PerSecond, double P50, double P99)> MeasureWrites(BenchStorage storage)
    {
        using var host = await BenchHost.StartAsync(storage);
        var factory = host.Grains();
        await Flood(writers, i => factory.GetGrain<IDurableCounterGrain>(i).Record(i)); // first write: insert

        var latencies = new List<double>[InFlight];
        var elapsed = Stopwatch.StartNew();
        long writes = -1;
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async caller =>
        {
            var mine = latencies[caller] = [];
            while (elapsed.Elapsed < writeDuration)
            {
                var grain = factory.GetGrain<IDurableCounterGrain>(Interlocked.Increment(ref writes) % writers);
                mine.Add(await Timed(() => grain.Record(caller)));
            }
        }));
        elapsed.Stop();
        await host.StopAsync();
        var all = latencies.SelectMany(l => l).Order().ToList();
        return (all.Count / elapsed.Elapsed.TotalSeconds, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
    }

    /// <summary>The call's latency: the clock starts before the call is made, so its synchronous part is counted too.</summary>
    private static async Task<double> Timed(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static Task Flood(int count, Func<int, Task> call) => Load.Flood(count, InFlight, call);

    private static long ManagedBytes() => Load.ManagedBytes();
}
