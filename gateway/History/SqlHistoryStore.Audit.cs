using static GridDispatch.Gateway.History.SqlCommands;

namespace GridDispatch.Gateway.History;

/// <summary>The audit log's table: inserted into, read, never updated or deleted (retention leaves it alone).</summary>
public abstract partial class SqlHistoryStore : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync();
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await connection.Command("""
                INSERT INTO audit_log (id, at, actor, action, township, target, detail) VALUES (@id, @at, @actor, @action, @township, @target, @detail)
                ON CONFLICT (id) DO NOTHING
                """).With("@id", entry.Id).With("@at", Ms(entry.At)).With("@actor", entry.Actor).With("@action", entry.Action)
                .With("@township", entry.Township).With("@target", entry.Target).With("@detail", entry.Detail).ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? township, DateTimeOffset from, DateTimeOffset to, int limit = 1_000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await EnsureSchemaAsync();
        await using var connection = await OpenAsync(cancellationToken);
        var scope = township is null ? "" : "township = @township AND ";
        await using var command = connection.Command(
            $"SELECT id, at, actor, action, township, target, detail FROM audit_log WHERE {scope}at >= @from AND at < @to ORDER BY at, id LIMIT @limit");
        if (township is not null) command.With("@township", township);
        command.With("@from", Ms(from)).With("@to", Ms(to)).With("@limit", (long)limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new AuditEntry(reader.Text(0), reader.Time(1), reader.Text(2), reader.Text(3), reader.Text(4), reader.TextOrNull(5), reader.TextOrNull(6)));
        return entries;
    }
}
