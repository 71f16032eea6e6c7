using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Audit;
using static GridDispatch.Gateway.History.SqlCommands;

namespace GridDispatch.Gateway.History;

/// <summary>
/// The audit log (<see cref="IAuditTrail"/>) in the history's database: one append-only table, inserted into and
/// read, never updated or deleted (retention leaves it alone), queried by time, township, actor and kind across
/// days. A line is committed durably before <see cref="RecordAsync"/> returns; writing the same line again
/// (its <see cref="AuditEntry.Id"/>) keeps the first.
/// </summary>
public abstract partial class SqlHistoryStore : IAuditTrail
{
    /// <summary>Makes the next commit on <paramref name="connection"/> durable against a power cut, where the store's default is not.</summary>
    protected virtual Task MakeDurableAsync(System.Data.Common.DbConnection connection) => Task.CompletedTask;

    public async Task RecordAsync(AuditEntry entry)
    {
        await EnsureSchemaAsync();
        // Not behind the history batches' lock: an operator's action must not wait for an hour of lamp rows; the database orders writers.
        await using var connection = await OpenAsync(CancellationToken.None);
        await MakeDurableAsync(connection);
        await connection.Command("""
            INSERT INTO audit (id, at, actor, actor_name, township, kind, subject, reason, detail)
            VALUES (@id, @at, @actor, @actorName, @township, @kind, @subject, @reason, @detail)
            ON CONFLICT (id) DO NOTHING
            """).With("@id", entry.Id).With("@at", Ms(entry.At)).With("@actor", entry.Actor).With("@actorName", entry.ActorName)
            .With("@township", entry.Township).With("@kind", entry.Kind).With("@subject", entry.Subject).With("@reason", entry.Reason)
            .With("@detail", entry.Detail).ExecuteNonQueryAsync();
        AuditMetrics.Recorded.Add(1, new KeyValuePair<string, object?>("kind", entry.Kind));
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query)
    {
        if (query.Townships.Count == 0 || query.Limit < 1) return [];
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(CancellationToken.None);
        var townships = string.Join(", ", query.Townships.Select((_, i) => $"@t{i}"));
        var sql = $"""
            SELECT id, at, actor, actor_name, township, kind, subject, reason, detail FROM audit
            WHERE at >= @from AND at <= @to AND township IN ({townships})
            {(query.Actor is null ? "" : "AND lower(actor) = lower(@actor)")}
            {(query.Kind is null ? "" : "AND substr(kind, 1, length(@kind)) = @kind")}
            ORDER BY at DESC, id DESC LIMIT @limit
            """;
        await using var command = connection.Command(sql).With("@from", Ms(query.From)).With("@to", Ms(query.To)).With("@limit", (long)query.Limit);
        for (var i = 0; i < query.Townships.Count; i++) command.With($"@t{i}", query.Townships[i]);
        if (query.Actor is not null) command.With("@actor", query.Actor);
        if (query.Kind is not null) command.With("@kind", query.Kind);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new AuditEntry
            {
                Id = reader.Text(0), At = reader.Time(1), Actor = reader.Text(2), ActorName = reader.TextOrNull(3), Township = reader.Text(4),
                Kind = reader.Text(5), Subject = reader.TextOrNull(6), Reason = reader.TextOrNull(7), Detail = reader.TextOrNull(8),
            });
        }

        return entries;
    }
}
