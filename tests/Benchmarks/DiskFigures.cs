using System.Diagnostics;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Where a folder's files live (the filesystem from /proc/mounts) and what an fsync costs there: durable-write figures
/// mean little without both (tmpfs fsyncs for free, a network disk for milliseconds).
/// </summary>
public sealed record DiskFigures(string FileSystem, string Device, string MountPoint, double FsyncP50Ms, double FsyncP99Ms, int Samples)
{
    public static DiskFigures Measure(string folder, int samples = 200)
    {
        var full = Path.GetFullPath(folder).TrimEnd('/') + "/";
        var mount = File.ReadLines("/proc/mounts").Select(l => l.Split(' '))
            .Where(f => f.Length >= 3 && full.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(f => f[1].Length) ?? new[] { "?", "/", "?" };

        // One 4 KiB page rewritten and fsynced, as a commit of a small transaction does.
        var path = Path.Combine(folder, $"fsync-probe-{Guid.NewGuid():N}");
        var latencies = new List<double>(samples);
        var page = new byte[4096];
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            for (var i = 0; i < samples; i++)
            {
                page[0] = (byte)i;
                var started = Stopwatch.GetTimestamp();
                file.Position = 0;
                file.Write(page);
                file.Flush(flushToDisk: true);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        File.Delete(path);
        latencies.Sort();
        return new DiskFigures(mount[2], mount[0], mount[1], MqttLoad.Percentile(latencies, 0.5), MqttLoad.Percentile(latencies, 0.99), samples);
    }
}
