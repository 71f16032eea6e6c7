using System.Data.Common;
using static GridDispatch.Gateway.History.SqlCommands;

namespace GridDispatch.Gateway.History;

/// <summary>Responders' positions, alarms and incident steps: the map's trails and playback.</summary>
public abstract partial class SqlHistoryStore
{
    private static async Task WritePlaybackAsync(DbConnection connection, DbTransaction transaction, HistoryBatch batch, CancellationToken cancellationToken)
    {
        await connection.ForEachRowAsync(transaction, """
            INSERT INTO responder_positions (responder, at, township, lat, lon, status) VALUES (@responder, @at, @township, @lat, @lon, @status)
            ON CONFLICT (responder, at) DO UPDATE SET township = excluded.township, lat = excluded.lat, lon = excluded.lon, status = excluded.status
            """, ["@responder", "@at", "@township", "@lat", "@lon", "@status"], batch.Positions,
            p => [p.Responder, Ms(p.At), p.Township, p.Lat, p.Lon, p.Status], cancellationToken);

        // An alarm only gains times as it moves on: a late, older copy never takes one away.
        await connection.ForEachRowAsync(transaction, """
            INSERT INTO alarms (alarm_id, township, lamp, cell, code, severity, raised_at, acknowledged_at, acknowledged_by, cleared_at)
            VALUES (@id, @township, @lamp, @cell, @code, @severity, @raised, @acknowledged, @by, @cleared)
            ON CONFLICT (alarm_id) DO UPDATE SET
              acknowledged_at = COALESCE(excluded.acknowledged_at, alarms.acknowledged_at),
              acknowledged_by = COALESCE(excluded.acknowledged_by, alarms.acknowledged_by),
              cleared_at = COALESCE(excluded.cleared_at, alarms.cleared_at)
            """, ["@id", "@township", "@lamp", "@cell", "@code", "@severity", "@raised", "@acknowledged", "@by", "@cleared"], batch.Alarms,
            a => [a.AlarmId, a.Township, a.Lamp, a.Cell, a.Code, a.Severity, Ms(a.RaisedAt), Ms(a.AcknowledgedAt), a.AcknowledgedBy, Ms(a.ClearedAt)],
            cancellationToken);

        // A timeline only grows: a step stored once is that step.
        await connection.ForEachRowAsync(transaction, """
            INSERT INTO incident_steps (incident_id, seq, township, at, kind, status, severity, category, cell, lat, lon, responder)
            VALUES (@id, @seq, @township, @at, @kind, @status, @severity, @category, @cell, @lat, @lon, @responder)
            ON CONFLICT (incident_id, seq) DO NOTHING
            """, ["@id", "@seq", "@township", "@at", "@kind", "@status", "@severity", "@category", "@cell", "@lat", "@lon", "@responder"],
            batch.IncidentSteps,
            s => [s.IncidentId, (long)s.Seq, s.Township, Ms(s.At), s.Kind, s.Status, s.Severity, s.Category, s.Cell, s.Lat, s.Lon, s.ResponderId],
            cancellationToken);
    }

    public async Task<IReadOnlyList<ResponderPosition>> ReadPositionsAsync(string township, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var rows = await ReadAsync("""
            SELECT responder, township, at, lat, lon, status FROM responder_positions
            WHERE township = @township AND at >= @from AND at < @to ORDER BY at, responder
            """, township, from, to,
            r => new ResponderPosition(r.Text(0), r.Text(1), r.Time(2), r.Double(3), r.Double(4), r.Text(5)), cancellationToken);
        return rows;
    }

    public Task<IReadOnlyList<AlarmRecord>> ReadAlarmsAsync(string township, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default) =>
        ReadAsync("""
            SELECT alarm_id, township, lamp, cell, code, severity, raised_at, acknowledged_at, acknowledged_by, cleared_at FROM alarms
            WHERE township = @township AND raised_at < @to AND (cleared_at IS NULL OR cleared_at >= @from) ORDER BY raised_at, alarm_id
            """, township, from, to,
            r => new AlarmRecord(r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Time(6), r.TimeOrNull(7), r.TextOrNull(8), r.TimeOrNull(9)),
            cancellationToken);

    public Task<IReadOnlyList<IncidentStep>> ReadIncidentStepsAsync(string township, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default) =>
        ReadAsync("""
            SELECT incident_id, seq, township, at, kind, status, severity, category, cell, lat, lon, responder FROM incident_steps
            WHERE township = @township AND at >= @from AND at < @to ORDER BY at, incident_id, seq
            """, township, from, to,
            r => new IncidentStep(r.Text(0), (int)r.Long(1), r.Text(2), r.Time(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), r.Text(8),
                r.DoubleOrNull(9), r.DoubleOrNull(10), r.TextOrNull(11)),
            cancellationToken);

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string sql, string township, DateTimeOffset from, DateTimeOffset to, Func<DbDataReader, T> row,
        CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.Command(sql).With("@township", township).With("@from", Ms(from)).With("@to", Ms(to));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(row(reader));
        return rows;
    }

    /// <summary>Playback's rows older than <paramref name="keep"/>; an alarm goes once it has cleared that long ago.</summary>
    private static async Task<int> DeletePlaybackAsync(DbConnection connection, DbTransaction transaction, TimeSpan? keep, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (keep is not { } k) return 0;
        var cut = Ms(now - k);
        var removed = 0;
        foreach (var sql in new[]
                 {
                     "DELETE FROM responder_positions WHERE at < @cut",
                     "DELETE FROM alarms WHERE cleared_at < @cut",
                     "DELETE FROM incident_steps WHERE at < @cut",
                 })
            removed += await connection.Command(sql, transaction).With("@cut", cut).ExecuteNonQueryAsync(cancellationToken);
        return removed;
    }
}
