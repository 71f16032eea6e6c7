using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace GridDispatch.Benchmarks;

/// <summary>Writes one benchmark's results into its own marked section of docs/BENCHMARKS.md.</summary>
public static partial class BenchmarkReport
{
    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
        // the benchmark's own GC: a silo it starts as a process runs with the silo's own setting, which its section says
        $"this process on {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC";

    public static void WriteSection(string path, string name, string command, string body)
    {
        var section = $"<!-- {name}:start -->\n" +
                      $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Machine}, with:\n\n" +
                      $"```sh\n{command}\n```\n\n{body}<!-- {name}:end -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var pattern = new Regex($"<!-- {Regex.Escape(name)}:start -->.*?<!-- {Regex.Escape(name)}:end -->", RegexOptions.Singleline);
        text = pattern.IsMatch(text) ? pattern.Replace(text, section.Replace("$", "$$")) : text.TrimEnd() + "\n\n" + section + "\n";
        File.WriteAllText(path, text);
    }
}
