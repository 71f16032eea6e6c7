using System.Diagnostics;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Puts processes, every thread of them, on given cores (<c>taskset -a</c>): so a benchmark can give the browser a
/// core of its own, as a wall screen's computer is not the server, instead of the two sharing two cores.
/// </summary>
public static class CpuPinning
{
    /// <summary>The core the browser gets, from <c>GD_BENCH_BROWSER_CORE</c>; null: nothing is pinned.</summary>
    public static int? BrowserCore => int.TryParse(Environment.GetEnvironmentVariable("GD_BENCH_BROWSER_CORE"), out var core) ? core : null;

    /// <summary>Every Chromium process on <paramref name="browserCore"/>, and <paramref name="others"/> on every other core.</summary>
    public static void Split(int browserCore, params int[] others)
    {
        var rest = string.Join(',', Enumerable.Range(0, Environment.ProcessorCount).Where(c => c != browserCore));
        foreach (var pid in Pids("chromium")) Pin(pid, browserCore.ToString());
        foreach (var pid in others) Pin(pid, rest);
    }

    private static IEnumerable<int> Pids(string name)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-x", name]) { RedirectStandardOutput = true })!;
        var output = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    }

    private static void Pin(int pid, string cores)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", cores, pid.ToString()]) { RedirectStandardOutput = true })!;
        taskset.StandardOutput.ReadToEnd();
        taskset.WaitForExit();
        if (taskset.ExitCode != 0) throw new InvalidOperationException($"taskset could not pin {pid} to {cores}");
    }
}
