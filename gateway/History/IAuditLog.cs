namespace GridDispatch.Gateway.History;

/// <summary>
/// One command-centre action, as the audit log keeps it (操作留痕): who did what, where, when. <see cref="Id"/> is
/// the caller's (a GUID made once per action), so appending the same entry again is harmless.
/// </summary>
public sealed record AuditEntry(string Id, DateTimeOffset At, string Actor, string Action, string Township, string? Target = null, string? Detail = null);

/// <summary>
/// An append-only log beside the history (the same database, never rolled up or expired): entries are
/// added and read, never changed or removed.
/// </summary>
public interface IAuditLog
{
    /// <summary>Durable when the task completes; an entry whose <see cref="AuditEntry.Id"/> is already there is left as it was.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A township's entries (or, <paramref name="township"/> null, every township's) in <c>[from, to)</c>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(string? township, DateTimeOffset from, DateTimeOffset to, int limit = 1_000, CancellationToken cancellationToken = default);
}
