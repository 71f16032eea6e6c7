using GridDispatch.Grains.Audit;

namespace GridDispatch.Gateway.Audit;

/// <summary>Which audit lines to read: a time window, and optionally an actor, a kind (a prefix: <c>incident.</c>) and townships.</summary>
public sealed record AuditQuery(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Townships, string? Actor, string? Kind, int Limit);

/// <summary>
/// The audit log as the API sees it. Kept behind this interface so it can move to the history store
/// (SQLite/PostgreSQL) without touching the endpoints; <see cref="GrainAuditTrail"/> keeps it in grains today.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Durable when it returns.</summary>
    Task RecordAsync(AuditEntry entry);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query);
}
