using System.Data.Common;
using static GridDispatch.Gateway.History.SqlCommands;

namespace GridDispatch.Gateway.History;

/// <summary>Incident rows and the responders' part in them.</summary>
public abstract partial class SqlHistoryStore
{
    private const string IncidentColumns = """
        id, township, county, village, cell, number, source, category, severity, status, reported_at, dispatched_at,
        acknowledged_at, on_site_at, resolved_at, closed_at, cancelled_at, respond_by, resolve_by, escalations, level,
        deadlines_missed, satisfaction, updated_at
        """;

    private static async Task WriteIncidentsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<IncidentRecord> incidents, CancellationToken cancellationToken)
    {
        if (incidents.Count == 0) return;
        // An older snapshot (a late batch, another silo's copy) never replaces a newer row.
        await using var upsert = connection.Command($"""
            INSERT INTO incidents ({IncidentColumns}) VALUES (@id, @township, @county, @village, @cell, @number, @source, @category,
              @severity, @status, @reported, @dispatched, @acknowledged, @onSite, @resolved, @closed, @cancelled, @respondBy,
              @resolveBy, @escalations, @level, @missed, @satisfaction, @updated)
            ON CONFLICT (id) DO UPDATE SET township = excluded.township, county = excluded.county, village = excluded.village,
              cell = excluded.cell, number = excluded.number, source = excluded.source, category = excluded.category,
              severity = excluded.severity, status = excluded.status, reported_at = excluded.reported_at,
              dispatched_at = excluded.dispatched_at, acknowledged_at = excluded.acknowledged_at, on_site_at = excluded.on_site_at,
              resolved_at = excluded.resolved_at, closed_at = excluded.closed_at, cancelled_at = excluded.cancelled_at,
              respond_by = excluded.respond_by, resolve_by = excluded.resolve_by, escalations = excluded.escalations,
              level = excluded.level, deadlines_missed = excluded.deadlines_missed, satisfaction = excluded.satisfaction,
              updated_at = excluded.updated_at
            WHERE excluded.updated_at >= incidents.updated_at
            """, transaction);
        foreach (var name in new[] { "@id", "@township", "@county", "@village", "@cell", "@number", "@source", "@category", "@severity", "@status",
                     "@reported", "@dispatched", "@acknowledged", "@onSite", "@resolved", "@closed", "@cancelled", "@respondBy", "@resolveBy",
                     "@escalations", "@level", "@missed", "@satisfaction", "@updated" })
            upsert.With(name, null);
        await using var clear = connection.Command("DELETE FROM incident_responders WHERE incident_id = @id", transaction).With("@id", "");
        await using var turn = connection.Command("""
            INSERT INTO incident_responders (incident_id, responder_id, township, offered_at, offers, declined, timed_out, acknowledged_at, arrived_at, resolved_at)
            VALUES (@id, @responder, @township, @offered, @offers, @declined, @timedOut, @acknowledged, @arrived, @resolved)
            """, transaction);
        foreach (var name in new[] { "@id", "@responder", "@township", "@offered", "@offers", "@declined", "@timedOut", "@acknowledged", "@arrived", "@resolved" })
            turn.With(name, null);

        foreach (var i in incidents)
        {
            SetIncident(upsert, i);
            if (await upsert.ExecuteNonQueryAsync(cancellationToken) == 0) continue; // older than what is stored
            clear.Set("@id", i.Id);
            await clear.ExecuteNonQueryAsync(cancellationToken);
            foreach (var r in i.Responders)
            {
                turn.Set("@id", i.Id);
                turn.Set("@responder", r.ResponderId);
                turn.Set("@township", i.Township);
                turn.Set("@offered", Ms(r.OfferedAt));
                turn.Set("@offers", (long)r.Offers);
                turn.Set("@declined", (long)r.Declined);
                turn.Set("@timedOut", (long)r.TimedOut);
                turn.Set("@acknowledged", Ms(r.AcknowledgedAt));
                turn.Set("@arrived", Ms(r.ArrivedAt));
                turn.Set("@resolved", Ms(r.ResolvedAt));
                await turn.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static void SetIncident(DbCommand c, IncidentRecord i)
    {
        c.Set("@id", i.Id);
        c.Set("@township", i.Township);
        c.Set("@county", i.County);
        c.Set("@village", i.Village);
        c.Set("@cell", i.Cell);
        c.Set("@number", i.Number);
        c.Set("@source", i.Source);
        c.Set("@category", i.Category);
        c.Set("@severity", i.Severity);
        c.Set("@status", i.Status);
        c.Set("@reported", Ms(i.ReportedAt));
        c.Set("@dispatched", Ms(i.DispatchedAt));
        c.Set("@acknowledged", Ms(i.AcknowledgedAt));
        c.Set("@onSite", Ms(i.OnSiteAt));
        c.Set("@resolved", Ms(i.ResolvedAt));
        c.Set("@closed", Ms(i.ClosedAt));
        c.Set("@cancelled", Ms(i.CancelledAt));
        c.Set("@respondBy", Ms(i.RespondBy));
        c.Set("@resolveBy", Ms(i.ResolveBy));
        c.Set("@escalations", (long)i.Escalations);
        c.Set("@level", i.Level);
        c.Set("@missed", (long)i.DeadlinesMissed);
        c.Set("@satisfaction", i.Satisfaction is { } s ? (long)s : null);
        c.Set("@updated", Ms(i.UpdatedAt));
    }

    public Task<IReadOnlyList<IncidentRecord>> ReadIncidentsAsync(string? township, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        ReadIncidentsWhereAsync(township is null ? "" : "township = @township AND ", command => Scope(command, township, from, to), cancellationToken);

    /// <summary>Incidents by <paramref name="scope"/> (a condition ending in AND, or empty) and the period <c>@from</c>–<c>@to</c> that <paramref name="bind"/> sets.</summary>
    private async Task<IReadOnlyList<IncidentRecord>> ReadIncidentsWhereAsync(string scope, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        var where = $"{scope}reported_at >= @from AND reported_at < @to";

        var turns = new Dictionary<string, List<ResponderTurn>>();
        await using (var command = connection.Command($"""
            SELECT incident_id, responder_id, offered_at, offers, declined, timed_out, acknowledged_at, arrived_at, resolved_at
            FROM incident_responders WHERE incident_id IN (SELECT id FROM incidents WHERE {where})
            """))
        {
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.Text(0);
                if (!turns.TryGetValue(id, out var list)) turns[id] = list = [];
                list.Add(new ResponderTurn(reader.Text(1), reader.Time(2), (int)reader.Long(3), (int)reader.Long(4), (int)reader.Long(5),
                    reader.TimeOrNull(6), reader.TimeOrNull(7), reader.TimeOrNull(8)));
            }
        }

        var incidents = new List<IncidentRecord>();
        // The fault code sits in its own table (ReportSchema); incident_faults has no column id, so id is the incident's.
        await using (var command = connection.Command($"SELECT {IncidentColumns}, (SELECT code FROM incident_faults WHERE incident_id = id) FROM incidents WHERE {where} ORDER BY reported_at, id"))
        {
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.Text(0);
                incidents.Add(new IncidentRecord
                {
                    Id = id, Township = reader.Text(1), County = reader.Text(2), Village = reader.Text(3), Cell = reader.Text(4),
                    Number = reader.TextOrNull(5), Source = reader.Text(6), Category = reader.Text(7), Severity = reader.Text(8),
                    Status = reader.Text(9), ReportedAt = reader.Time(10), DispatchedAt = reader.TimeOrNull(11),
                    AcknowledgedAt = reader.TimeOrNull(12), OnSiteAt = reader.TimeOrNull(13), ResolvedAt = reader.TimeOrNull(14),
                    ClosedAt = reader.TimeOrNull(15), CancelledAt = reader.TimeOrNull(16), RespondBy = reader.TimeOrNull(17),
                    ResolveBy = reader.TimeOrNull(18), Escalations = (int)reader.Long(19), Level = reader.Text(20),
                    DeadlinesMissed = (int)reader.Long(21), Satisfaction = reader.IsDBNull(22) ? null : (int)reader.Long(22),
                    UpdatedAt = reader.Time(23), FaultCode = reader.TextOrNull(24),
                    Responders = turns.TryGetValue(id, out var list) ? [.. list.OrderBy(t => t.OfferedAt).ThenBy(t => t.ResponderId, StringComparer.Ordinal)] : [],
                });
            }
        }

        // Same order from both stores, whatever the server's collation.
        return [.. incidents.OrderBy(i => i.ReportedAt).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ResponderFigures>> ReadResponderFiguresAsync(string township, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT r.responder_id, CAST(SUM(r.offers) AS BIGINT), CAST(SUM(r.declined) AS BIGINT), CAST(SUM(r.timed_out) AS BIGINT),
              COUNT(r.acknowledged_at), COUNT(r.resolved_at),
              CAST(AVG((r.acknowledged_at - r.offered_at) / 60000.0) AS DOUBLE PRECISION),
              CAST(AVG(CASE WHEN r.resolved_at IS NOT NULL THEN i.satisfaction END) AS DOUBLE PRECISION)
            FROM incident_responders r JOIN incidents i ON i.id = r.incident_id
            WHERE r.township = @township AND r.offered_at >= @from AND r.offered_at < @to
            GROUP BY r.responder_id
            """);
        Scope(command, township, from, to);
        var figures = new List<ResponderFigures>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            figures.Add(new ResponderFigures(reader.Text(0), township, (int)reader.Long(1), (int)reader.Long(2), (int)reader.Long(3),
                (int)reader.Long(4), (int)reader.Long(5), reader.DoubleOrNull(6), reader.DoubleOrNull(7)));
        return [.. figures.OrderBy(f => f.ResponderId, StringComparer.Ordinal)];
    }

    private static void Scope(DbCommand command, string? township, DateTimeOffset from, DateTimeOffset to)
    {
        if (township is not null) command.With("@township", township);
        command.With("@from", Ms(from)).With("@to", Ms(to));
    }
}
