using System.Data.Common;
using static GridDispatch.Gateway.History.SqlCommands;

namespace GridDispatch.Gateway.History;

/// <summary>Figures and lamp hours: reading them, rolling minutes up into hours, and removing what has expired.</summary>
public abstract partial class SqlHistoryStore
{
    private const string FigureValues = "lamps_total, lit, faulty, offline, open_incidents";

    public async Task<IReadOnlyList<FigurePoint>> ReadFiguresAsync(string township, string? village, DateTimeOffset from, DateTimeOffset to,
        HistoryResolution resolution, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        string sql;
        if (resolution == HistoryResolution.Minute)
        {
            sql = $"SELECT at, {FigureValues} FROM figure_minutes WHERE township = @township AND village = @village AND at >= @from AND at < @to ORDER BY at";
        }
        else
        {
            // Hours rolled up already, then the hours since, from their minutes: the chart does not wait for the job.
            sql = $"""
                SELECT at, {FigureValues} FROM figure_hours
                WHERE township = @township AND village = @village AND at >= @from AND at < @to AND at < @rolled
                UNION ALL
                SELECT at - at % {Hour}, {Means}
                FROM figure_minutes WHERE township = @township AND village = @village AND at >= @from AND at < @to AND at >= @rolled
                GROUP BY at - at % {Hour}
                ORDER BY 1
                """;
        }

        await using var command = connection.Command(sql).With("@township", township).With("@village", village ?? "")
            .With("@from", Ms(from) - (resolution == HistoryResolution.Hour ? Ms(from) % Hour : 0)).With("@to", Ms(to));
        if (resolution == HistoryResolution.Hour) command.With("@rolled", await RolledUpToAsync(connection, null, cancellationToken));
        var points = new List<FigurePoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            points.Add(new FigurePoint(reader.Time(0), reader.Double(1), reader.Double(2), reader.Double(3), reader.Double(4), reader.Double(5)));
        return points;
    }

    private const string Means = """
        CAST(AVG(lamps_total) AS DOUBLE PRECISION), CAST(AVG(lit) AS DOUBLE PRECISION), CAST(AVG(faulty) AS DOUBLE PRECISION),
        CAST(AVG(offline) AS DOUBLE PRECISION), CAST(AVG(open_incidents) AS DOUBLE PRECISION)
        """;

    public async Task<IReadOnlyList<LampHour>> ReadLampHoursAsync(string township, string? lamp, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        var which = lamp is null ? "" : "AND lamp = @lamp ";
        await using var command = connection.Command($"""
            SELECT lamp, township, village, cell, hour, energy_wh, baseline_wh, burn_hours FROM lamp_hours
            WHERE township = @township {which}AND hour >= @from AND hour < @to
            """).With("@township", township).With("@from", Ms(from)).With("@to", Ms(to));
        if (lamp is not null) command.With("@lamp", lamp);
        var hours = new List<LampHour>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            hours.Add(new LampHour(reader.Text(0), reader.Text(1), reader.Text(2), reader.Text(3), reader.Time(4), reader.Double(5), reader.Double(6), reader.Double(7)));
        return [.. hours.OrderBy(h => h.Hour).ThenBy(h => h.Lamp, StringComparer.Ordinal)];
    }

    public async Task<RetentionResult> ApplyRetentionAsync(HistoryRetention retention, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        return await InWriteTransactionAsync(async (connection, transaction) =>
        {
            var end = Ms(now) - Ms(now) % Hour;
            // The hour before the last roll-up is rolled again: a minute sampled late, just after the last pass, still counts.
            var rolled = await RolledUpToAsync(connection, transaction, cancellationToken);
            var start = rolled == 0 ? 0 : rolled - Hour;
            var rolledUp = end <= start ? 0 : await connection.Command($"""
                INSERT INTO figure_hours (township, village, county, at, {FigureValues}, samples)
                SELECT township, village, MAX(county), at - at % {Hour}, {Means}, COUNT(*)
                FROM figure_minutes WHERE at >= @start AND at < @end
                GROUP BY township, village, at - at % {Hour}
                ON CONFLICT (township, village, at) DO UPDATE SET county = excluded.county, lamps_total = excluded.lamps_total,
                  lit = excluded.lit, faulty = excluded.faulty, offline = excluded.offline, open_incidents = excluded.open_incidents,
                  samples = excluded.samples
                """, transaction).With("@start", start).With("@end", end).ExecuteNonQueryAsync(cancellationToken);
            if (end > rolled)
                await connection.Command($"""
                    INSERT INTO history_meta (name, value) VALUES ('{HistorySchema.RolledUpTo}', @end)
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value
                    """, transaction).With("@end", end).ExecuteNonQueryAsync(cancellationToken);

            // Minutes go a whole hour at a time, and only hours the next pass will not roll up again.
            var minutes = 0;
            if (retention.Minutes is { } keepMinutes)
            {
                var cut = Math.Min(Ms(now - keepMinutes), Math.Max(end, rolled) - Hour);
                minutes = await connection.Command("DELETE FROM figure_minutes WHERE at < @cut", transaction)
                    .With("@cut", cut - cut % Hour).ExecuteNonQueryAsync(cancellationToken);
            }
            var hours = await DeleteOlderAsync(connection, transaction, "figure_hours", "at", retention.Hours, now, cancellationToken);
            var lampHours = await DeleteOlderAsync(connection, transaction, "lamp_hours", "hour", retention.LampHours, now, cancellationToken);
            var incidents = 0;
            if (retention.Incidents is { } keep)
            {
                var cut = Ms(now - keep);
                await connection.Command("DELETE FROM incident_responders WHERE incident_id IN (SELECT id FROM incidents WHERE reported_at < @cut)", transaction)
                    .With("@cut", cut).ExecuteNonQueryAsync(cancellationToken);
                incidents = await connection.Command("DELETE FROM incidents WHERE reported_at < @cut", transaction).With("@cut", cut).ExecuteNonQueryAsync(cancellationToken);
            }

            var playback = await DeletePlaybackAsync(connection, transaction, retention.Playback, now, cancellationToken);
            return new RetentionResult(rolledUp, minutes, hours, lampHours, incidents) { PlaybackRowsRemoved = playback };
        }, cancellationToken);
    }

    private static async Task<int> DeleteOlderAsync(DbConnection connection, DbTransaction transaction, string table, string column, TimeSpan? keep,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (keep is not { } k) return 0;
        return await connection.Command($"DELETE FROM {table} WHERE {column} < @cut", transaction).With("@cut", Ms(now - k)).ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Hours before this (Unix ms) are in <c>figure_hours</c>; 0 before the first roll-up.</summary>
    private static async Task<long> RolledUpToAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var value = await connection.Command("SELECT value FROM history_meta WHERE name = @name", transaction)
            .With("@name", HistorySchema.RolledUpTo).ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value);
    }
}
