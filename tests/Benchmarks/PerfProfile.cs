using System.Diagnostics;
using System.Globalization;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A CPU profile of a .NET process by Linux perf: samples for a while, then the symbols with the most self time. The process
/// must have started as <see cref="NameJitCodeInChildren"/> sets it up, so perf can name JIT-compiled methods. Null if perf is missing or fails.
/// </summary>
public static class PerfProfile
{
    /// <summary>A benchmark run with <c>GD_BENCH_PERF=1</c> profiles the process it is about (a profiling run, not a measurement).</summary>
    public static bool Asked { get; } = Environment.GetEnvironmentVariable("GD_BENCH_PERF") == "1";

    /// <summary>Processes started from now on write a perf map, and run their JIT code from anonymous memory: with W^X on
    /// it runs from a double-mapped file, which perf names "memfd:doublemapper" instead of looking the method up.</summary>
    public static void NameJitCodeInChildren()
    {
        Environment.SetEnvironmentVariable("DOTNET_PerfMapEnabled", "1");
        Environment.SetEnvironmentVariable("DOTNET_EnableWriteXorExecute", "0");
    }

    public static async Task<string?> RecordAsync(int pid, TimeSpan length, int top = 40)
    {
        var data = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gd-perf-{pid}-{Guid.NewGuid():N}.data");
        try
        {
            var (recorded, _) = await RunAsync("perf", ["record", "-F", "499", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", data, "--",
                "sleep", length.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)]);
            if (recorded != 0) return null;
            // First where the time went by binary (kernel, the runtime and its GC, JIT-compiled code, SQLite), then by symbol.
            var (byDso, dsos) = await RunAsync("perf", ["report", "-i", data, "--no-children", "--sort", "dso", "--stdio", "--percent-limit", "0.5"]);
            var (bySymbol, symbols) = await RunAsync("perf", ["report", "-i", data, "--no-children", "--sort", "dso,symbol", "--stdio", "--percent-limit", "0.2"]);
            return byDso != 0 || bySymbol != 0 ? null : Lines(dsos, top) + Lines(symbols, top);
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // no perf here
        finally
        {
            File.Delete(data);
        }
    }

    private static string Lines(string report, int top) => string.Join('\n', report.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Take(top)) + "\n";

    private static async Task<(int Exit, string Output)> RunAsync(string command, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await errors;
        return (process.ExitCode, await output);
    }
}
