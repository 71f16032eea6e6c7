namespace GridDispatch.Grains.Audit;

/// <summary>Which audit lines to read: a time window, and optionally an actor, a kind (a prefix: <c>incident.</c>) and townships.</summary>
public sealed record AuditQuery(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Townships, string? Actor, string? Kind, int Limit);

/// <summary>
/// The audit log's port (操作日志): appended to by the API, read by the audit page. The host chooses where it
/// is kept: the history store's append-only table when there is one (SQLite or PostgreSQL), otherwise the
/// per-township, per-day grains (<see cref="IAuditDayGrain"/>).
/// </summary>
public interface IAuditTrail
{
    /// <summary>Durable when it returns (the line survives a crash of the process, or of the machine).</summary>
    Task RecordAsync(AuditEntry entry);

    /// <summary>Newest first, at most <see cref="AuditQuery.Limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query);
}
