using GridDispatch.Grains.Audit;
using GridDispatch.Identity;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Gateway.Audit;

/// <summary>
/// Writes an operator's action to the audit log after it took effect. The action stands if the write
/// fails (it is done and already pushed to every screen): the failure is logged as an error and counted,
/// never swallowed silently.
/// </summary>
public sealed partial class AuditRecorder(IAuditTrail trail, TimeProvider time, ILogger<AuditRecorder> logger)
{
    /// <param name="id">
    /// The line's id: a client's idempotency id (scoped by the caller) makes a re-sent action one line, not two;
    /// none, a new one.
    /// </param>
    public Task RecordAsync(Caller? caller, string township, string kind, string? subject, string? reason = null, string? detail = null, string? id = null) =>
        RecordAsync(caller?.Name ?? "?", caller?.DisplayName, township, kind, subject, reason, detail, id);

    public async Task RecordAsync(string actor, string? actorName, string township, string kind, string? subject, string? reason = null, string? detail = null, string? id = null)
    {
        var entry = new AuditEntry
        {
            Id = id ?? Guid.NewGuid().ToString("N"), At = time.GetUtcNow(), Actor = actor, ActorName = actorName, Township = township,
            Kind = kind, Subject = subject, Reason = Trim(reason), Detail = Trim(detail),
        };
        try
        {
            await trail.RecordAsync(entry);
        }
        catch (Exception error)
        {
            AuditMetrics.Failures.Add(1);
            LogFailed(error, entry.Kind, entry.Actor, entry.Subject);
        }
    }

    private static string? Trim(string? text) => text is { Length: > 500 } ? text[..500] : text;

    [LoggerMessage(LogLevel.Error, "Audit line {Kind} by {Actor} on {Subject} was not written")]
    private partial void LogFailed(Exception error, string kind, string actor, string? subject);
}
