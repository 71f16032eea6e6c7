using System.Diagnostics;
using System.Globalization;
using System.Text;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 8's endurance run: the real silo with the demo's life at ten times its pace (益门镇's 800 lamps every
/// second instead of every 10 s, ten times the faults, a whistle every 4.5 s, responders answering) for a
/// bounded time, sampled every 30 s: memory (RSS and the GC's live heap), queue depths, grain activations,
/// messages and drops, errors logged. Growth is judged over the second half, after warm-up.
/// </summary>
public sealed class SoakBenchmark(TimeSpan length)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    private sealed record Sample(TimeSpan At, double RssMb, double HeapMb, double Gen2, double EventsQueued, double SqliteQueued, double Activations,
        double Accepted, double Dropped, double EventsDropped, int Errors, int Warnings);

    public async Task<string> RunAsync()
    {
        var folder = RepositoryPaths.NewTempFolder("soak");
        var samples = new List<Sample>();
        List<string> logged;
        await using (var silo = await SiloProcess.StartAsync(folder, "--demo", "--db", Path.Combine(folder, "soak.db"),
                         "--Demo:Life=true", "--Demo:LampInterval=1", "--Demo:FaultRate=0.005", "--Demo:WhistleEvery=4.5"))
        {
            using var http = new HttpClient { BaseAddress = silo.ManagementAddress };
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < length)
            {
                await Task.Delay(Every);
                var metrics = Parse(await http.GetStringAsync("/metrics"));
                samples.Add(new Sample(clock.Elapsed, RssMegabytes(silo.ProcessId), metrics.Sum("dotnet_gc_last_collection_heap_size_bytes") / 1048576,
                    metrics.Sum("dotnet_gc_collections_total", "gen2"), metrics.Sum("griddispatch_events_queued"), metrics.Sum("griddispatch_sqlite_queued"),
                    metrics.Sum("orleans_catalog_activations"), metrics.Sum("griddispatch_mqtt_accepted_total"), metrics.Sum("griddispatch_mqtt_dropped_total"),
                    metrics.Sum("griddispatch_events_dropped_total"), silo.Errors, silo.Warnings));
                var last = samples[^1];
                Console.WriteLine($"{last.At:mm\\:ss} rss {last.RssMb:F0} MB, heap {last.HeapMb:F0} MB, activations {last.Activations:F0}, accepted {last.Accepted:F0}, errors {last.Errors}");
            }

            await silo.StopAsync(TimeSpan.FromMinutes(1));
            logged = Logged(silo.AllOutput);
        }

        Directory.Delete(folder, recursive: true);
        return Report(samples, logged);
    }

    /// <summary>Each error and warning the silo logged, with the two lines that follow it (its message), once per distinct text.</summary>
    private static List<string> Logged(string output)
    {
        var lines = output.Split('\n');
        var logged = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("fail:", StringComparison.Ordinal) && !lines[i].StartsWith("crit:", StringComparison.Ordinal)
                && !lines[i].StartsWith("warn:", StringComparison.Ordinal)) continue;
            var text = string.Join(" ", lines.Skip(i).Take(3).Select(l => l.Trim()));
            if (!logged.Contains(text)) logged.Add(text);
        }

        return logged;
    }

    private string Report(List<Sample> samples, List<string> logged)
    {
        var report = new StringBuilder();
        report.AppendLine($"{length.TotalMinutes:F0} minutes of the demo at 10× its pace (`--Demo:LampInterval=1 --Demo:FaultRate=0.005 --Demo:WhistleEvery=4.5`), the real silo process, sampled every {Every.TotalSeconds:F0} s.");
        report.AppendLine();
        report.AppendLine("| at | RSS MB | live heap MB | gen2 GCs | events queued | SQLite writes queued | activations | MQTT ingested | MQTT dropped | events dropped | errors / warnings logged |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var step = Math.Max(1, samples.Count / 10);
        foreach (var s in samples.Where((_, i) => i % step == 0 || i == samples.Count - 1))
            report.AppendLine($"| {s.At.TotalMinutes:F1} min | {s.RssMb:F0} | {s.HeapMb:F0} | {s.Gen2:F0} | {s.EventsQueued:F0} | {s.SqliteQueued:F0} | {s.Activations:F0} | {s.Accepted:N0} | {s.Dropped:N0} | {s.EventsDropped:F0} | {s.Errors} / {s.Warnings} |");

        var half = samples.Skip(samples.Count / 2).ToList();
        var hours = (half[^1].At - half[0].At).TotalHours;
        report.AppendLine();
        report.AppendLine($"Second half ({half[0].At.TotalMinutes:F0}–{half[^1].At.TotalMinutes:F0} min): RSS {half[0].RssMb:F0} → {half[^1].RssMb:F0} MB " +
                          $"({(half[^1].RssMb - half[0].RssMb) / hours:+0;-0} MB/h), live heap {Slope(half, s => s.HeapMb):+0;-0} MB/h (least squares), " +
                          $"peak RSS {samples.Max(s => s.RssMb):F0} MB; ingestion {(half[^1].Accepted - half[0].Accepted) / (hours * 3600):N0} msgs/s.");
        report.AppendLine();
        report.AppendLine(logged.Count == 0 ? "Nothing was logged at warning or error level." : "Logged at warning or error level (each distinct message once):");
        foreach (var line in logged) report.AppendLine($"- `{(line.Length > 300 ? line[..300] + "…" : line).Replace('`', '\'')}`");
        return report.ToString();
    }

    /// <summary>Least-squares slope of <paramref name="value"/> per hour.</summary>
    private static double Slope(List<Sample> samples, Func<Sample, double> value)
    {
        var xs = samples.Select(s => s.At.TotalHours).ToArray();
        var ys = samples.Select(value).ToArray();
        var (mx, my) = (xs.Average(), ys.Average());
        var den = xs.Sum(x => (x - mx) * (x - mx));
        return den == 0 ? 0 : xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / den;
    }

    private static double RssMegabytes(int pid) => ProcessFigures.RssBytes(pid) / 1048576.0;

    private static Metrics Parse(string text) => new([.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#')]);

    private sealed record Metrics(string[] Lines)
    {
        public double Sum(string name, string? label = null) => Lines
            .Where(l => (l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal)) && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
