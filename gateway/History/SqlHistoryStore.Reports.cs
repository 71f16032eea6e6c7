using System.Data.Common;
using static GridDispatch.Gateway.History.SqlCommands;

namespace GridDispatch.Gateway.History;

/// <summary>Reports' reads and rows (<see cref="ReportSchema"/>): scoped incidents, lamp days, lit totals, day roll-ups, published rankings.</summary>
public abstract partial class SqlHistoryStore
{
    private const long Day = 86_400_000;
    private static readonly long DayOffset = (long)ReportSchema.Offset.TotalMilliseconds;

    public Task<IReadOnlyList<IncidentRecord>> ReadScopedIncidentsAsync(HistoryScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        ReadIncidentsWhereAsync(Where(scope, villageRows: false) + " AND ", command => Bind(command, scope, from, to), cancellationToken);

    public async Task<IReadOnlyList<LampDay>> ReadLampDaysAsync(HistoryScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        var where = Where(scope, villageRows: false);
        // Whole days from their roll-up, the hours since from the lamps' rows (a report does not wait for the roll-up), each in its Beijing day.
        await using var command = connection.Command($"""
            SELECT township, village, day, CAST(SUM(energy_wh) AS DOUBLE PRECISION), CAST(SUM(baseline_wh) AS DOUBLE PRECISION),
              CAST(SUM(burn_hours) AS DOUBLE PRECISION) FROM (
              SELECT township, village, day, energy_wh, baseline_wh, burn_hours FROM lamp_days
              WHERE {where} AND day >= @from AND day < @to AND day < @daysTo
              UNION ALL
              SELECT township, village, {BeijingDay("hour")} AS day, energy_wh, baseline_wh, burn_hours FROM lamp_hours
              WHERE {where} AND hour >= @from AND hour < @to AND hour >= @daysTo) e
            GROUP BY township, village, day
            ORDER BY day, township, village
            """);
        Bind(command, scope, from, to).With("@daysTo", await MetaAsync(connection, null, ReportSchema.LampDaysTo, cancellationToken));
        var days = new List<LampDay>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            days.Add(new LampDay(reader.Text(0), reader.Text(1), DateOnly.FromDateTime(reader.Time(2).ToOffset(ReportSchema.Offset).DateTime),
                reader.Double(3), reader.Double(4), reader.Double(5)));
        return days;
    }

    public async Task<LitTotals> ReadLitTotalsAsync(HistoryScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        var where = Where(scope, villageRows: true);
        await using var command = connection.Command($"""
            SELECT CAST(COALESCE(SUM(lit), 0) AS DOUBLE PRECISION), CAST(COALESCE(SUM(lamps_total - offline), 0) AS DOUBLE PRECISION), COUNT(*) FROM (
              SELECT lit, lamps_total, offline FROM figure_hours WHERE {where} AND at >= @from AND at < @to AND at < @rolled
              UNION ALL
              SELECT CAST(AVG(lit) AS DOUBLE PRECISION), CAST(AVG(lamps_total) AS DOUBLE PRECISION), CAST(AVG(offline) AS DOUBLE PRECISION)
              FROM figure_minutes WHERE {where} AND at >= @from AND at < @to AND at >= @rolled
              GROUP BY township, village, at - at % {Hour}) h
            WHERE lit > 0
            """);
        Bind(command, scope, from, to).With("@rolled", await RolledUpToAsync(connection, null, cancellationToken));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LitTotals(reader.Double(0), reader.Double(1), (int)reader.Long(2));
    }

    public async Task<IReadOnlyDictionary<(string Township, string Village), LitTotals>> ReadVillageLitTotalsAsync(HistoryScope scope, DateTimeOffset from,
        DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        var where = scope.Village is null ? Where(scope, villageRows: false) + " AND village <> ''" : Where(scope, villageRows: true);
        await using var command = connection.Command($"""
            SELECT township, village, CAST(SUM(lit) AS DOUBLE PRECISION), CAST(SUM(lamps_total - offline) AS DOUBLE PRECISION), COUNT(*) FROM (
              SELECT township, village, lit, lamps_total, offline FROM figure_hours WHERE {where} AND at >= @from AND at < @to AND at < @rolled
              UNION ALL
              SELECT township, village, CAST(AVG(lit) AS DOUBLE PRECISION), CAST(AVG(lamps_total) AS DOUBLE PRECISION), CAST(AVG(offline) AS DOUBLE PRECISION)
              FROM figure_minutes WHERE {where} AND at >= @from AND at < @to AND at >= @rolled
              GROUP BY township, village, at - at % {Hour}) h
            WHERE lit > 0
            GROUP BY township, village
            """);
        Bind(command, scope, from, to).With("@rolled", await RolledUpToAsync(connection, null, cancellationToken));
        var totals = new Dictionary<(string, string), LitTotals>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            totals[(reader.Text(0), reader.Text(1))] = new LitTotals(reader.Double(2), reader.Double(3), (int)reader.Long(4));
        return totals;
    }

    public async Task<int> RollUpLampDaysAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        return await InWriteTransactionAsync(async (connection, transaction) =>
        {
            // Up to the hour now begun: today's row holds the hours so far, so a report reads at most a pass's lamp hours.
            var end = Ms(now) - Ms(now) % Hour;
            var rolled = await MetaAsync(connection, transaction, ReportSchema.LampDaysTo, cancellationToken);
            // The day of the last pass's last hour is summed again whole: a lamp hour written late (the writer's queue) still counts.
            var start = rolled == 0 ? 0 : DayStart(rolled - Hour);
            var day = BeijingDay("hour");
            var rows = end <= start ? 0 : await connection.Command($"""
                INSERT INTO lamp_days (township, village, day, lamps, energy_wh, baseline_wh, burn_hours)
                SELECT township, village, {day}, COUNT(DISTINCT lamp), SUM(energy_wh), SUM(baseline_wh), SUM(burn_hours)
                FROM lamp_hours WHERE hour >= @start AND hour < @end
                GROUP BY township, village, {day}
                ON CONFLICT (township, village, day) DO UPDATE SET lamps = excluded.lamps, energy_wh = excluded.energy_wh,
                  baseline_wh = excluded.baseline_wh, burn_hours = excluded.burn_hours
                """, transaction).With("@start", start).With("@end", end).ExecuteNonQueryAsync(cancellationToken);
            if (end > rolled)
                await connection.Command("""
                    INSERT INTO history_meta (name, value) VALUES (@name, @end) ON CONFLICT (name) DO UPDATE SET value = excluded.value
                    """, transaction).With("@name", ReportSchema.LampDaysTo).With("@end", end).ExecuteNonQueryAsync(cancellationToken);
            return rows;
        }, cancellationToken);
    }

    public async Task<StoredRanking> PublishRankingAsync(StoredRanking ranking, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using (var connection = await OpenAsync(cancellationToken))
        {
            // DO NOTHING: the first publication stands, whoever recomputes later (another silo, a changed incident).
            await connection.Command("""
                INSERT INTO report_rankings (period, scope, published_at, body) VALUES (@period, @scope, @at, @body)
                ON CONFLICT (period, scope) DO NOTHING
                """).With("@period", ranking.Period).With("@scope", ranking.Scope).With("@at", Ms(ranking.PublishedAt)).With("@body", ranking.Body)
                .ExecuteNonQueryAsync(cancellationToken);
        }

        return await ReadRankingAsync(ranking.Period, ranking.Scope, cancellationToken)
            ?? throw new InvalidOperationException($"ranking {ranking.Period} {ranking.Scope} was not kept");
    }

    public async Task<StoredRanking?> ReadRankingAsync(string period, string scope, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT published_at, body FROM report_rankings WHERE period = @period AND scope = @scope")
            .With("@period", period).With("@scope", scope);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredRanking(period, scope, reader.Time(0), reader.Text(1)) : null;
    }

    /// <summary>A lamp work order's fault code never changes: written once.</summary>
    private static Task WriteFaultCodesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<IncidentRecord> incidents, CancellationToken cancellationToken) =>
        connection.ForEachRowAsync(transaction, "INSERT INTO incident_faults (incident_id, code) VALUES (@id, @code) ON CONFLICT (incident_id) DO NOTHING",
            ["@id", "@code"], incidents.Where(i => i.FaultCode is not null), i => [i.Id, i.FaultCode], cancellationToken);

    /// <summary>The scope's condition. <paramref name="villageRows"/>: figure rows, where a township's own row has village ''.</summary>
    private static string Where(HistoryScope scope, bool villageRows)
    {
        if (scope.Townships.Count == 0) throw new ArgumentException("a scope names at least one township", nameof(scope));
        var townships = $"township IN ({string.Join(", ", scope.Townships.Select((_, i) => $"@t{i}"))})";
        return scope.Village is not null ? $"{townships} AND village = @village" : villageRows ? $"{townships} AND village = ''" : townships;
    }

    private static DbCommand Bind(DbCommand command, HistoryScope scope, DateTimeOffset from, DateTimeOffset to)
    {
        for (var i = 0; i < scope.Townships.Count; i++) command.With($"@t{i}", scope.Townships[i]);
        if (scope.Village is not null) command.With("@village", scope.Village);
        return command.With("@from", Ms(from)).With("@to", Ms(to));
    }

    /// <summary>SQL for the start (Unix ms) of the Beijing day of a time column.</summary>
    private static string BeijingDay(string column) => $"({column} + {DayOffset}) - ({column} + {DayOffset}) % {Day} - {DayOffset}";

    private static long DayStart(long ms) => (ms + DayOffset) - (ms + DayOffset) % Day - DayOffset;

    private static async Task<long> MetaAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        var value = await connection.Command("SELECT value FROM history_meta WHERE name = @name", transaction).With("@name", name).ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value);
    }
}
