using System.Diagnostics;
using System.Text;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 3's figures, in-process: telemetry messages/s through StreetlightGrain and the grid roll-ups
/// with 100,000 lamps on the embedded SQLite profile, and managed memory per active lamp; against
/// trivial grain calls measured in the same run.
/// </summary>
public sealed class DomainBenchmark(int lamps, int rounds)
{
    private const int InFlight = 2_000;
    private const string Township = "bench";
    private readonly StringBuilder _report = new();

    public async Task<string> RunAsync()
    {
        var folder = RepositoryPaths.NewTempFolder("bench-domain");
        try
        {
            using var host = await BenchHost.StartAsync(new BenchStorage.Sqlite(Path.Combine(folder, "domain.db"), "Full", 1024, "SQLite"));
            await Measure(host);
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return _report.ToString();
    }

    private async Task Measure(IHost host)
    {
        var grains = host.Grains();
        var topology = Synthetic(lamps);
        var ids = topology.Lamps.Select(l => l.Id).ToArray();

        var before = ManagedBytes();
        var rssBefore = ProcessFigures.RssBytes(Environment.ProcessId);
        var import = Stopwatch.StartNew();
        await new TopologyImporter(grains).ImportAsync(topology);
        import.Stop();
        var perLamp = (ManagedBytes() - before) / (double)lamps;
        var rssPerLamp = (ProcessFigures.RssBytes(Environment.ProcessId) - rssBefore) / (double)lamps; // after the forced collection

        var start = DateTimeOffset.UtcNow;
        var dusk = await Rate(lamps, i => grains.GetGrain<IStreetlightGrain>(ids[i]).ReportTelemetry(Report(start, 1, on: true, 100)));
        var steady = await Rate(rounds * lamps, i => grains.GetGrain<IStreetlightGrain>(ids[i % lamps])
            .ReportTelemetry(Report(start, 2 + i / lamps, on: true, 60 + i / lamps % 40)));
        var perLampAfter = (ManagedBytes() - before) / (double)lamps;
        var rssPerLampAfter = (ProcessFigures.RssBytes(Environment.ProcessId) - rssBefore) / (double)lamps;

        // The baseline last, on a warm process, over as many grains as lamps.
        await Flood(lamps, i => grains.GetGrain<IPingGrain>(i).Ping(i));
        var pingRate = await Rate(rounds * lamps, i => grains.GetGrain<IPingGrain>(i % lamps).Ping(i));

        var township = await grains.GetGrain<IGridCellGrain>(CellKeys.Township(Township)).GetSummary();
        for (var wait = 0; wait < 50 && township.Figures.LampsLit != lamps; wait++) { await Task.Delay(100); township = await grains.GetGrain<IGridCellGrain>(CellKeys.Township(Township)).GetSummary(); }
        if (township.Figures.LampsLit != lamps) throw new InvalidOperationException($"roll-up says {township.Figures.LampsLit} lit of {lamps}");

        _report.AppendLine($"{lamps:N0} lamps in {topology.Villages.Count} villages / {topology.Villages.Sum(v => v.Groups.Count):N0} groups / " +
                           $"{topology.Villages.Sum(v => v.Groups.Sum(g => g.Neighbourhoods.Count)):N0} neighbourhoods; {InFlight:N0} calls in flight.");
        _report.AppendLine();
        _report.AppendLine("| measure | this run | × baseline | goal |");
        _report.AppendLine("|---|---:|---:|---:|");
        _report.AppendLine($"| baseline: trivial grain calls/s | {pingRate:N0} | 1.00 | |");
        _report.AppendLine($"| telemetry/s, steady (brightness changes, no roll-up change) | {steady:N0} | {steady / pingRate:F2} | ≥ 100,000 |");
        _report.AppendLine($"| telemetry/s, dusk wave (every lamp turns on: roll-up through 4 levels) | {dusk:N0} | {dusk / pingRate:F2} | |");
        _report.AppendLine($"| import of the topology (cells defined, lamps configured and saved) | {import.Elapsed.TotalSeconds:F1} s | | |");
        _report.AppendLine($"| managed memory per lamp after import (lamp + its share of cells; live heap after a forced full GC) | {perLamp / 1024:F2} KB | | ≤ 5 KB |");
        _report.AppendLine($"| managed memory per lamp after {rounds + 1} reports each | {perLampAfter / 1024:F2} KB | | ≤ 5 KB |");
        _report.AppendLine($"| RSS per lamp after import / after {rounds + 1} reports each (the process's VmRSS growth, after the same forced GCs) | {rssPerLamp / 1024:F2} / {rssPerLampAfter / 1024:F2} KB | | |");
    }

    private static LampTelemetry Report(DateTimeOffset start, int round, bool on, double brightness) => new()
    {
        Timestamp = start.AddMilliseconds(round), On = on, Brightness = brightness, Voltage = 221, Current = 0.4,
        Power = 88, EnergyWh = 1000 + round, Lux = 2, Tilt = 0.5, LeakageMa = 0,
    };

    /// <summary>100 villages (or <paramref name="villageCount"/>) × 10 groups × 10 neighbourhoods, lamps spread evenly over the neighbourhoods.</summary>
    public static TownshipTopology Synthetic(int lamps, int villageCount = 100)
    {
        var neighbourhoods = new List<string>();
        var villages = Enumerable.Range(0, villageCount).Select(v => new Village
        {
            Id = $"v{v}", Name = $"村{v}",
            Groups = [.. Enumerable.Range(0, 10).Select(g => new Group
            {
                Id = $"v{v}-g{g}", Name = $"组{g}",
                Neighbourhoods = [.. Enumerable.Range(0, 10).Select(n => { var id = $"v{v}-g{g}-n{n}"; neighbourhoods.Add(id); return new Neighbourhood { Id = id, Name = $"邻{n}" }; })],
            })],
        }).ToList();
        return new TownshipTopology
        {
            Id = Township, Name = "基准镇", County = "bench-county", Villages = villages,
            Lamps = [.. Enumerable.Range(0, lamps).Select(i => new Lamp
            {
                Id = $"{Township}-L{i:000000}", Cell = neighbourhoods[i % neighbourhoods.Count],
                Position = new GeoPoint(26.78 + i % 1000 * 1e-4, 102.30 + i / 1000 * 1e-4), Feeder = $"F{i / 40}", Street = $"路{i / 200}",
            })],
        };
    }

    private static Task<double> Rate(int count, Func<int, Task> call) => Load.Rate(count, InFlight, call);

    private static Task Flood(int count, Func<int, Task> call) => Load.Flood(count, InFlight, call);

    private static long ManagedBytes() => Load.ManagedBytes();
}
