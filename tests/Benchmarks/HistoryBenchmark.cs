using System.Diagnostics;
using System.Text;
using GridDispatch.Gateway.History;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GridDispatch.Benchmarks;

/// <summary>
/// What the history costs a county of N lamps in one hour, on each store: every lamp's ended hour (they all
/// come within one report interval of the hour), the minute figures of its townships and villages, and the
/// hour's incidents (each snapshot with its timeline), through the real <see cref="HistoryWriter"/> in
/// domain-event batches of 1,000, flushed every 10,000 events (about a second of the hour's burst). CPU is
/// this process's (the writer, and SQLite in it) plus PostgreSQL's own processes.
/// </summary>
public sealed class HistoryBenchmark(int lamps, int incidents)
{
    private const int Townships = 10, VillagesPerTownship = 10;
    private static readonly DateTimeOffset Hour = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public async Task<string> RunAsync()
    {
        var report = new StringBuilder();
        report.AppendLine($"One hour of history for {lamps:N0} lamps in {Townships} townships of {VillagesPerTownship} villages, {incidents:N0} incidents: " +
                          $"{lamps:N0} lamp hours, {60 * Townships * (VillagesPerTownship + 1):N0} minute figures, {incidents:N0} incident rows (each written twice: reported, then closed).");
        report.AppendLine();
        report.AppendLine("| store | rows | wall | rows/s | CPU (writer process + database) | share of one hour on 2 cores |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");

        var folder = RepositoryPaths.NewTempFolder("bench-history");
        try
        {
            report.AppendLine(await MeasureAsync("SQLite (WAL, synchronous NORMAL)", new SqliteHistoryStore(Path.Combine(folder, "history.db"), TimeProvider.System), null));
            await using var postgres = await PostgresServer.StartAsync();
            await using var store = new PostgresHistoryStore(await postgres.NewDatabaseAsync("bench"), TimeProvider.System);
            report.AppendLine(await MeasureAsync("PostgreSQL 15 (loopback)", store, postgres.ProcessId));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return report.ToString();
    }

    private async Task<string> MeasureAsync(string name, IHistoryStore store, int? server)
    {
        await store.StartedAtAsync(); // the schema, before the clock starts
        var writer = new HistoryWriter(store, Options.Create(new HistoryOptions { QueueCapacity = lamps + incidents + 1_000 }), NullLogger<HistoryWriter>.Instance);
        var events = LampHours().Concat(Incidents()).ToList();
        var cpuBefore = Cpu(server);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < events.Count; i += 1_000)
        {
            await writer.HandleAsync(new DomainEventBatch(events.Skip(i).Take(1_000).ToList()), CancellationToken.None);
            if ((i / 1_000) % 10 == 9) await writer.FlushAsync(CancellationToken.None);
        }

        await writer.FlushAsync(CancellationToken.None);
        for (var minute = 0; minute < 60; minute++) await store.WriteAsync(new HistoryBatch(Figures(Hour.AddMinutes(minute)), [], []));
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = Cpu(server) - cpuBefore;
        var rows = lamps + 2 * incidents + 60 * Townships * (VillagesPerTownship + 1);
        return $"| {name} | {rows:N0} | {wall:F1} s | {rows / wall:N0} | {cpu:F1} s | {cpu / 7200:P2} |";
    }

    private IEnumerable<DomainEvent> LampHours() => Enumerable.Range(0, lamps).Select(n => new LampHourEnded
    {
        Township = $"bench{n % Townships}", At = Hour.AddHours(1), LampId = $"bench-L{n:D6}", Cell = $"g{n % 100}", Village = $"v{n % VillagesPerTownship}",
        Energy = new EnergyHour(Hour, 80 + n % 20, 120, 1),
    });

    /// <summary>Each incident twice, as the writer hears it: reported, then (a later batch) its whole lifecycle.</summary>
    private IEnumerable<DomainEvent> Incidents()
    {
        for (var pass = 0; pass < 2; pass++)
            for (var n = 0; n < incidents; n++)
            {
                var at = Hour.AddSeconds(n * 3600.0 / incidents);
                TimelineEntry Step(double minutes, TimelineKind kind, string? responder = null) =>
                    new() { At = at.AddMinutes(minutes), Kind = kind, By = responder ?? "system", ResponderId = responder };
                TimelineEntry[] timeline = pass == 0
                    ? [Step(0, TimelineKind.Reported)]
                    : [Step(0, TimelineKind.Reported), Step(0.1, TimelineKind.Triaged), Step(0.2, TimelineKind.Dispatched, "r1"),
                       Step(3, TimelineKind.Acknowledged, "r1"), Step(20, TimelineKind.Arrived, "r1"), Step(50, TimelineKind.Resolved, "r1"), Step(55, TimelineKind.Closed)];
                var township = $"bench{n % Townships}";
                yield return new IncidentChanged
                {
                    Township = township, At = timeline[^1].At, Village = $"v{n % VillagesPerTownship}",
                    Incident = new IncidentSnapshot
                    {
                        Id = $"{township}-w-{n}", Status = pass == 0 ? IncidentStatus.Reported : IncidentStatus.Closed, Level = CellLevel.Village,
                        Timeline = timeline, Satisfaction = pass == 0 ? null : 5,
                        Report = new IncidentReport
                        {
                            Township = township, Source = IncidentSource.Whistle, SourceId = $"w-{n}", Category = "road", Severity = IncidentSeverity.Minor,
                            Cell = "g1", Text = "基准", ReportedBy = "leader", ReportedAt = at,
                        },
                    },
                };
            }
    }

    private static List<FigureSample> Figures(DateTimeOffset at) =>
        [.. Enumerable.Range(0, Townships).SelectMany(t => Enumerable.Range(-1, VillagesPerTownship + 1)
            .Select(v => new FigureSample($"bench{t}", v < 0 ? "" : $"v{v}", "county", at, 1000, 900, 10, 5, 3)))];

    /// <summary>This process's CPU seconds, plus the database server's and its children's (PostgreSQL forks a backend per connection).</summary>
    private static double Cpu(int? server)
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        return server is { } pid ? own + Descendants(pid).Sum(ProcessFigures.CpuSeconds) : own;
    }

    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try { parents[pid] = int.Parse(File.ReadAllText(Path.Combine(dir, "stat")).Split(") ")[1].Split(' ')[1]); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }

        var all = new List<int> { root };
        for (var i = 0; i < all.Count; i++) all.AddRange(parents.Where(p => p.Value == all[i]).Select(p => p.Key));
        return all;
    }
}
