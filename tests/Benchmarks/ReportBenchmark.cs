using System.Data.Common;
using System.Diagnostics;
using System.Text;
using GridDispatch.Gateway.History;
using GridDispatch.Gateway.Reports;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A year's report (docs/REPORTS.md) for a county of N lamps in 5 townships of 10 villages, from a history store
/// holding what a year leaves: hourly figures of every township and village (the minutes rolled up), the lamps'
/// energy in day rows per village (the last day's up to 22:00), the last two hours still in lamp hours (the
/// roll-up runs hourly: its worst case), and the year's incidents with their responders. The figure, lamp-day and
/// lamp-hour rows are inserted directly, as the roll-ups leave them (the lamp hours before the roll-up, which the
/// report does not read, are left out); the incidents go through <see cref="IHistoryStore.WriteAsync"/>.
/// Timed: the county's and one township's report over 2026 (a custom range: computed each time, nothing frozen).
/// </summary>
public sealed class ReportBenchmark(int lamps, int incidents)
{
    private const int Townships = 5, VillagesPerTownship = 10;
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Year = new(2026, 1, 1, 0, 0, 0, Beijing);
    private static readonly DateTimeOffset LastDay = new(2026, 12, 31, 0, 0, 0, Beijing);
    /// <summary>The last pass of the lamp-day roll-up: 31 December, 22:00.</summary>
    private static readonly DateTimeOffset RolledTo = LastDay.AddHours(22);

    public async Task<string> RunAsync()
    {
        var report = new StringBuilder();
        report.AppendLine($"A year (2026) of a county of {lamps:N0} lamps in {Townships} townships of {VillagesPerTownship} villages: " +
                          $"{Townships * (VillagesPerTownship + 1) * 8760:N0} hourly figures, {Townships * VillagesPerTownship * 365:N0} lamp-day rows, " +
                          $"{lamps * 2:N0} lamp hours (31 December 22:00 and 23:00, after the roll-up's last pass), {incidents:N0} incidents with their responders.");
        report.AppendLine();
        report.AppendLine("| store | fill | county, first | county, again | one township | incidents read | villages and teams ranked |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var folder = RepositoryPaths.NewTempFolder("bench-reports");
        try
        {
            var path = Path.Combine(folder, "history.db");
            report.AppendLine(await MeasureAsync("SQLite (WAL)", time => new SqliteHistoryStore(path, time),
                () => Task.FromResult<DbConnection>(new SqliteConnection($"Data Source={path}"))));
            await using var postgres = await PostgresServer.StartAsync();
            var database = await postgres.NewDatabaseAsync("bench");
            report.AppendLine(await MeasureAsync("PostgreSQL 15 (loopback)", time => new PostgresHistoryStore(database, time),
                () => Task.FromResult<DbConnection>(new Npgsql.NpgsqlConnection(database))));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return report.ToString();
    }

    private async Task<string> MeasureAsync(string name, Func<TimeProvider, IHistoryStore> open, Func<Task<DbConnection>> connect)
    {
        var now = new SetTime { Now = Year.AddDays(-1) }; // the history began the day before the year
        var store = open(now);
        await store.StartedAtAsync();
        var fill = Stopwatch.StartNew();
        await using (var connection = await connect())
        {
            await connection.OpenAsync();
            await FillAsync(connection);
        }

        foreach (var chunk in Incidents().Chunk(2_000)) await store.WriteAsync(new HistoryBatch([], [], chunk));
        var filled = fill.Elapsed.TotalSeconds;
        now.Now = new DateTimeOffset(2027, 1, 1, 0, 30, 0, Beijing);

        var compiler = new ReportCompiler(store, new IncidentPolicy(), new ReportRankings(store));
        var period = ReportPeriod.Custom(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var place = Place();
        var county = ReportScope.County("county");
        var first = Stopwatch.StartNew();
        var r = await compiler.CompileAsync(period, county, place, now.GetUtcNow());
        var cold = first.Elapsed.TotalSeconds;
        var again = Stopwatch.StartNew();
        await compiler.CompileAsync(period, county, place, now.GetUtcNow());
        var warm = again.Elapsed.TotalSeconds;
        var one = Stopwatch.StartNew();
        var township = place with { Townships = [place.Townships[0]], Responders = [.. place.Responders.Where(x => x.Township == "bench0")] };
        await compiler.CompileAsync(period, ReportScope.OfTownship("bench0"), township, now.GetUtcNow());
        var single = one.Elapsed.TotalSeconds;
        if (r.Incidents.Total != incidents) throw new InvalidOperationException($"the report counted {r.Incidents.Total} incidents, not {incidents}");
        if (Math.Abs(r.Lamps.EnergyKwh - ExpectedKwh) > 1) throw new InvalidOperationException($"the report summed {r.Lamps.EnergyKwh} kWh, not {ExpectedKwh}");
        return $"| {name} | {filled:F0} s | {cold:F2} s | {warm:F2} s | {single:F2} s | {r.Incidents.Total:N0} | {r.Ranking.Villages.Count} · {r.Ranking.Teams.Count} |";
    }

    /// <summary>Every lamp 12 hours a night at 80 Wh of a 120 Wh baseline, whatever the day.</summary>
    private double ExpectedKwh => lamps * 12.0 * 80 * 365 / 1000;

    private async Task FillAsync(DbConnection connection)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var hourRows = Enumerable.Range(0, 8760).SelectMany(h => Enumerable.Range(0, Townships).SelectMany(t => Enumerable.Range(-1, VillagesPerTownship + 1)
            .Select(v => new object[] { $"bench{t}", v < 0 ? "" : $"v{v}", "county", (Year.AddHours(h)).ToUnixTimeMilliseconds(),
                v < 0 ? lamps / Townships : lamps / Townships / VillagesPerTownship, h % 24 < 12 ? 0.0 : (v < 0 ? 0.95 : 0.9 + v / 100.0) * (v < 0 ? lamps / Townships : lamps / Townships / VillagesPerTownship), 1.0, 2.0, 3.0, 60 })));
        await InsertAsync(connection, transaction, "figure_hours", ["township", "village", "county", "at", "lamps_total", "lit", "faulty", "offline", "open_incidents", "samples"], hourRows);
        var perVillage = lamps / Townships / VillagesPerTownship;
        // Lit 12:00–24:00 each day (as the hours below); the last day's row holds its hours to 22:00, ten of them lit.
        var dayRows = Enumerable.Range(0, 365).SelectMany(d => Enumerable.Range(0, Townships).SelectMany(t => Enumerable.Range(0, VillagesPerTownship)
            .Select(v => new object[]
            {
                $"bench{t}", $"v{v}", Year.AddDays(d).ToUnixTimeMilliseconds(), perVillage,
                perVillage * LitHours(d) * 80.0, perVillage * LitHours(d) * 120.0, perVillage * (double)LitHours(d),
            })));
        await InsertAsync(connection, transaction, "lamp_days", ["township", "village", "day", "lamps", "energy_wh", "baseline_wh", "burn_hours"], dayRows);
        var lampRows = Enumerable.Range(0, lamps).SelectMany(n => Enumerable.Range(22, 2).Select(h => new object[]
        {
            $"bench-L{n:D6}", LastDay.AddHours(h).ToUnixTimeMilliseconds(), $"bench{n % Townships}", $"v{n / Townships % VillagesPerTownship}", "g1", 80.0, 120.0, 1.0,
        }));
        await InsertAsync(connection, transaction, "lamp_hours", ["lamp", "hour", "township", "village", "cell", "energy_wh", "baseline_wh", "burn_hours"], lampRows);
        foreach (var (meta, value) in new[] { (HistorySchema.RolledUpTo, Year.AddYears(1).ToUnixTimeMilliseconds()), (ReportSchema.LampDaysTo, RolledTo.ToUnixTimeMilliseconds()) })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO history_meta (name, value) VALUES ('{meta}', {value}) ON CONFLICT (name) DO UPDATE SET value = excluded.value";
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Rows 200 a statement (multi-row VALUES): a year's rows go in seconds, also over PostgreSQL's round trips.</summary>
    private static int LitHours(int day) => day == 364 ? 10 : 12;

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string table, string[] columns, IEnumerable<object[]> rows)
    {
        foreach (var chunk in rows.Chunk(200))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = chunk.Select((row, r) => "(" + string.Join(", ", row.Select((value, c) =>
            {
                var p = command.CreateParameter();
                p.ParameterName = $"@p{r}_{c}";
                p.Value = value is int n ? (long)n : value;
                command.Parameters.Add(p);
                return p.ParameterName;
            })) + ")");
            command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", values)}";
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>The year's incidents, spread evenly: lamp work orders and whistles, each handled by its village's team, most closed and rated.</summary>
    private IEnumerable<IncidentRecord> Incidents()
    {
        for (var n = 0; n < incidents; n++)
        {
            var at = Year.AddSeconds(n * (365 * 86400.0 / incidents));
            var t = n % Townships;
            var v = n / Townships % VillagesPerTownship;
            var lamp = n % 3 != 0;
            var team = $"bench{t}-team{v}";
            yield return new IncidentRecord
            {
                Id = $"bench{t}-{n}", Township = $"bench{t}", County = "county", Village = $"v{v}", Cell = "g1", Source = lamp ? "LampAlarm" : "Whistle",
                Category = lamp ? "lighting" : "road", Severity = n % 10 == 0 ? "Major" : "Minor", Status = n % 7 == 0 ? "Resolved" : "Closed",
                ReportedAt = at, DispatchedAt = at.AddMinutes(1), AcknowledgedAt = at.AddMinutes(20 + n % 50), ResolvedAt = at.AddHours(2 + n % 200),
                ClosedAt = n % 7 == 0 ? null : at.AddHours(3 + n % 200), Escalations = n % 13 == 0 ? 1 : 0, Level = n % 13 == 0 ? "Township" : "Village",
                DeadlinesMissed = n % 11 == 0 ? 1 : 0, Satisfaction = n % 7 == 0 ? null : 1 + n % 5, FaultCode = lamp ? "LAMP_FAILURE" : null,
                Responders = [new ResponderTurn(team, at.AddMinutes(1), 1, 0, 0, at.AddMinutes(20), at.AddMinutes(40), at.AddHours(2))],
                UpdatedAt = at.AddHours(3 + n % 200),
            };
        }
    }

    private static ReportPlace Place() => new("county",
        [.. Enumerable.Range(0, Townships).Select(t => new TownshipInfo
        {
            Id = $"bench{t}", Name = $"镇{t}", County = "county",
            CellTree = [.. Enumerable.Range(0, VillagesPerTownship).Select(v => CellDefinition.For($"bench{t}", $"v{v}", CellLevel.Village, $"村{v}", null, null))],
        })],
        [.. Enumerable.Range(0, Townships).SelectMany(t => Enumerable.Range(0, VillagesPerTownship).Select(v =>
            new ResponderCard { Id = $"bench{t}-team{v}", Name = $"镇{t}村{v}护灯队", Township = $"bench{t}", Team = true, Department = "路灯所" }))]);

    /// <summary>A clock the benchmark sets: the history's start, then the report's now.</summary>
    private sealed class SetTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
