using System.Diagnostics;
using System.Text;
using GridDispatch.Gateway.TimeSeries;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridDispatch.Benchmarks;

/// <summary>
/// #17 item 1: the time-series writer (InfluxDB.Client's batching write API, behind <see cref="InfluxWriter"/>)
/// against a real victoria-metrics. Baseline in the same run: the same points as the client's line protocol,
/// posted one batch of 5,000 after another with a bare HttpClient: what the server takes from one writer.
/// </summary>
public sealed class TimeSeriesBenchmark(int points, int callers)
{
    private const int Batch = 5_000;
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-1);

    public async Task<string> RunAsync()
    {
        await using var victoria = await VictoriaMetricsServer.StartAsync();
        var baseline = await PostDirectlyAsync(victoria.Url, Points("direct"));
        var writer = await WriteThroughWriterAsync(victoria.Url, Points("writer"));

        var report = new StringBuilder();
        report.AppendLine($"{points:N0} `lamp` points (4 tags, 5 fields), batches of {Batch:N0}, victoria-metrics 1.79 on loopback.");
        report.AppendLine();
        report.AppendLine("| path | points/s, first point to last written | × bare posts | CPU on the writing side per 1,000 points | dropped |");
        report.AppendLine("|---|---:|---:|---:|---:|");
        report.AppendLine($"| bare HttpClient posts of the client's line protocol, one at a time (baseline) | {baseline.Rate:N0} | 1.00 | {baseline.CpuMs:F1} ms | — |");
        report.AppendLine($"| `InfluxWriter.Write` from {callers} threads at once (the ingestion side) | {writer.Rate:N0} | {writer.Rate / baseline.Rate:F2} | {writer.CpuMs:F1} ms | {writer.Dropped:N0} |");
        report.AppendLine();
        report.AppendLine($"`Write` itself, as its callers see it: {writer.NanosPerWrite:N0} ns a call ({callers} threads, wall time over calls per thread).");
        report.AppendLine();
        return report.ToString();
    }

    private TimeSeriesPoint[] Points(string prefix) => [.. Enumerable.Range(0, points).Select(i => new TimeSeriesPoint("lamp",
        [new("township", "bench"), new("village", $"村{i % 100:D2}"), new("cell", $"bench/c{i % 1_000:D3}"), new("lamp", $"{prefix}-L{i % 100_000:D6}")],
        [new("on", true), new("power", 80.0 + i % 7), new("voltage", 221.0), new("current", 0.36), new("energyWh", i * 0.5)],
        Start.AddMilliseconds(i)))];

    private static async Task<(double Rate, double CpuMs)> PostDirectlyAsync(string url, TimeSeriesPoint[] batch)
    {
        using var http = new HttpClient();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var chunk in batch.Chunk(Batch))
        {
            var body = string.Join('\n', chunk.Select(p => InfluxPoints.From(p)!.ToLineProtocol()));
            using var response = await http.PostAsync($"{url}/api/v2/write?org=-&bucket=bench&precision=ms", new StringContent(body, Encoding.UTF8, "text/plain"));
            response.EnsureSuccessStatusCode();
        }

        clock.Stop();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        return (batch.Length / clock.Elapsed.TotalSeconds, cpuMs / (batch.Length / 1_000.0));
    }

    private async Task<(double Rate, double CpuMs, long Dropped, double NanosPerWrite)> WriteThroughWriterAsync(string url, TimeSeriesPoint[] batch)
    {
        // The bound is the whole run, so the figure is the writer's pace, not how much a burst overflows it.
        var writer = new InfluxWriter(Options.Create(new InfluxOptions { Url = url, Bucket = "bench", BatchSize = Batch, BufferCapacity = batch.Length }),
            NullLogger<InfluxWriter>.Instance);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var share = (batch.Length + callers - 1) / callers;
        var callTimes = await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(() =>
        {
            var own = Stopwatch.StartNew();
            var slice = batch.AsSpan(Math.Min(c * share, batch.Length), Math.Max(0, Math.Min(share, batch.Length - c * share)));
            foreach (var point in slice) writer.Write(point);
            return own.Elapsed.TotalNanoseconds / Math.Max(1, slice.Length);
        })));
        var deadline = Stopwatch.StartNew();
        while (writer.Written + writer.Dropped < batch.Length && deadline.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(10);
        clock.Stop();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();
        return (writer.Written / clock.Elapsed.TotalSeconds, cpuMs / (batch.Length / 1_000.0), writer.Dropped, callTimes.Average());
    }
}
