using System.Text.Json;

namespace GridDispatch.Benchmarks;

/// <summary>What Linux says a process used, from <c>/proc</c>.</summary>
public static class ProcessFigures
{
    /// <summary>User and system CPU seconds so far (clock ticks of 1/100 s); 0 for a process that has gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try { return Stat(File.ReadAllText($"/proc/{pid}/stat")).Ticks / 100.0; }
        catch (IOException) { return 0; }
    }

    /// <summary>
    /// A <c>stat</c> line of a process or thread (<c>/proc/PID/stat</c>, <c>/proc/PID/task/TID/stat</c>): its name and its
    /// user and system CPU so far, in clock ticks of 1/100 s. The name is in parentheses and may hold either.
    /// </summary>
    public static (string Name, long Ticks) Stat(string line)
    {
        var (open, close) = (line.IndexOf('('), line.LastIndexOf(')'));
        var fields = line[(close + 2)..].Split(' ');
        return (line[(open + 1)..close], long.Parse(fields[11]) + long.Parse(fields[12])); // utime + stime
    }

    /// <summary>Resident set size now (<c>VmRSS</c>), in bytes.</summary>
    public static long RssBytes(int pid) => StatusKilobytes(pid, "VmRSS") * 1024;

    /// <summary>Peak resident set size (<c>VmHWM</c>, since start or the last <c>clear_refs</c>), in megabytes.</summary>
    public static double PeakRssMegabytes(int pid) => StatusKilobytes(pid, "VmHWM") / 1024.0;

    /// <summary>
    /// A kB field of <c>/proc/PID/status</c>, e.g. <c>VmRSS:\t  123456 kB</c>. Split on tabs as well as spaces: from 10 GB up the
    /// number fills its column and follows the tab directly (a split on spaces alone read "kB" as the number).
    /// </summary>
    private static long StatusKilobytes(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1])).Single();

    /// <summary>
    /// The GC a .NET process runs with: its <c>DOTNET_gcServer</c> (or <c>COMPlus_gcServer</c>) environment variable if set,
    /// else its runtimeconfig.json's <c>System.GC.Server</c>; with DATAS off if the runtimeconfig says so. "not .NET" otherwise.
    /// </summary>
    public static string GcMode(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (arguments.Length == 0 || !Path.GetFileName(arguments[0]).StartsWith("dotnet", StringComparison.Ordinal)) return "not .NET";
            var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0')
                .Select(e => e.Split('=', 2)).Where(e => e.Length == 2).ToDictionary(e => e[0], e => e[1]);
            var dll = arguments.Skip(1).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
            var options = dll is null ? null : RuntimeOptions(Path.ChangeExtension(dll, ".runtimeconfig.json"));
            var server = (environment.GetValueOrDefault("DOTNET_gcServer") ?? environment.GetValueOrDefault("COMPlus_gcServer")) is { } variable
                ? variable.Trim() != "0"
                : options?.TryGetProperty("System.GC.Server", out var configured) == true && configured.GetBoolean();
            var datasOff = options?.TryGetProperty("System.GC.DynamicAdaptationMode", out var datas) == true && datas.GetInt32() == 0;
            return (server ? "server" : "workstation") + (server && datasOff ? " (DATAS off)" : "");
        }
        catch (IOException) { return "gone"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    private static JsonElement? RuntimeOptions(string path) =>
        File.Exists(path) && JsonDocument.Parse(File.ReadAllText(path)).RootElement.TryGetProperty("runtimeOptions", out var o) && o.TryGetProperty("configProperties", out var c)
            ? c : null;
}
