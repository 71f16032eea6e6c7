namespace GridDispatch.Gateway.History;

/// <summary>
/// One incident's whole lifecycle in one row: when each step first happened, how far it climbed, how it was
/// rated. Replaced as the incident moves (never by an older snapshot), kept when the incident grain is gone.
/// </summary>
public sealed record IncidentRecord
{
    public required string Id { get; init; }
    public required string Township { get; init; }
    /// <summary>Empty when the township has no county, or the incident is township-wide (no village).</summary>
    public string County { get; init; } = "";
    public string Village { get; init; } = "";
    public required string Cell { get; init; }
    /// <summary>受理编号.</summary>
    public string? Number { get; init; }
    public required string Source { get; init; }
    public required string Category { get; init; }
    public required string Severity { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset ReportedAt { get; init; }
    public DateTimeOffset? DispatchedAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? OnSiteAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
    public DateTimeOffset? RespondBy { get; init; }
    public DateTimeOffset? ResolveBy { get; init; }
    /// <summary>Times it climbed a level (升级).</summary>
    public int Escalations { get; init; }
    /// <summary>The level owning it now: Village, Township, County…</summary>
    public required string Level { get; init; }
    public int DeadlinesMissed { get; init; }
    /// <summary>满意度 1–5 from the 回访, if one was made.</summary>
    public int? Satisfaction { get; init; }
    /// <summary>The lamp fault it was opened for (LAMP_FAILURE, LEAKAGE …); null for anything but a lamp's alarm.</summary>
    public string? FaultCode { get; init; }
    /// <summary>Everyone it was offered to, in order.</summary>
    public IReadOnlyList<ResponderTurn> Responders { get; init; } = [];
    /// <summary>Its latest step: a snapshot older than the stored row does not replace it.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One responder's part in one incident: offered (how often), declined or let time out, and what they did.</summary>
public sealed record ResponderTurn(
    string ResponderId, DateTimeOffset OfferedAt, int Offers, int Declined, int TimedOut,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? ArrivedAt, DateTimeOffset? ResolvedAt);
