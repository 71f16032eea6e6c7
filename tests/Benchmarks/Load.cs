using System.Diagnostics;

namespace GridDispatch.Benchmarks;

/// <summary>How every benchmark here drives load and measures memory.</summary>
public static class Load
{
    /// <summary>Calls <paramref name="call"/> for 0..count-1 with <paramref name="inFlight"/> callers, each starting its next call as its last returns.</summary>
    public static Task Flood(int count, int inFlight, Func<int, Task> call)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Math.Min(inFlight, count)).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next)) await call(i);
        }));
    }

    /// <summary>Calls per second of a <see cref="Flood"/>.</summary>
    public static async Task<double> Rate(int count, int inFlight, Func<int, Task> call)
    {
        var stopwatch = Stopwatch.StartNew();
        await Flood(count, inFlight, call);
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Managed heap after forced, compacting full collections.</summary>
    public static long ManagedBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
