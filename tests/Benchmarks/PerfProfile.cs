using System.Diagnostics;
using System.Globalization;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A CPU profile of a .NET process by Linux perf: samples for a while, then the symbols with the most self time. The process
/// must have started with <c>DOTNET_PerfMapEnabled=1</c> so perf can name JIT-compiled methods. Null if perf is missing or fails.
/// </summary>
public static class PerfProfile
{
    public static async Task<string?> RecordAsync(int pid, TimeSpan length, int top = 40)
    {
        var data = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gd-perf-{pid}-{Guid.NewGuid():N}.data");
        try
        {
            var (recorded, _) = await RunAsync("perf", ["record", "-F", "499", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", data, "--",
                "sleep", length.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)]);
            if (recorded != 0) return null;
            var (reported, text) = await RunAsync("perf", ["report", "-i", data, "--no-children", "--sort", "dso,symbol", "--stdio", "--percent-limit", "0.5"]);
            return reported != 0 ? null : string.Join('\n', text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Take(top)) + "\n";
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // no perf here
        finally
        {
            File.Delete(data);
        }
    }

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
