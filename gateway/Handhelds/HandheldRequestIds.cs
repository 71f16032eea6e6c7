namespace GridDispatch.Gateway.Handhelds;

/// <summary>
/// The idempotency id a phone page gives each action it sends (made on the phone, e.g. <c>crypto.randomUUID()</c>),
/// so an action queued offline and sent again is one action. The steps themselves repeat harmlessly (a decline
/// or a duty switch asked twice changes nothing the second time); the id keeps the audit log to one line per action.
/// </summary>
public static class HandheldRequestIds
{
    public const int MaxLength = 64;

    /// <summary>Null if <paramref name="requestId"/> is absent or 1–64 of A–Z a–z 0–9 <c>- _ .</c>; else why not.</summary>
    public static string? Problem(string? requestId) =>
        requestId is null || (requestId.Length is > 0 and <= MaxLength && requestId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            ? null
            : $"requestId must be 1-{MaxLength} of A-Z a-z 0-9 - _ .";

    /// <summary>The audit line's id for one responder's action: the same request id again is the same line.</summary>
    public static string? AuditId(string responderId, string action, string? requestId) =>
        requestId is null ? null : $"handheld:{responderId}:{action}:{requestId}";
}
