namespace GridDispatch.Grains.Audit;

/// <summary>
/// One line of the audit log (操作日志): who did what, to what, when and why. Written once, never
/// changed; <see cref="Id"/> makes a repeated write of the same line a no-op.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Audit.AuditEntry")]
public sealed record AuditEntry
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    /// <summary>The account name that acted.</summary>
    [Id(2)] public required string Actor { get; init; }
    [Id(3)] public string? ActorName { get; init; }
    /// <summary>The township concerned; <see cref="AuditDays.County"/> for what concerns the whole county.</summary>
    [Id(4)] public required string Township { get; init; }
    /// <summary>What was done, dotted: <c>incident.assign</c>, <c>alarm.acknowledge</c>, <c>login</c>, <c>township.mode</c>…</summary>
    [Id(5)] public required string Kind { get; init; }
    /// <summary>What it was done to: an incident, lamp, account or township id.</summary>
    [Id(6)] public string? Subject { get; init; }
    /// <summary>Why, as the actor gave it.</summary>
    [Id(7)] public string? Reason { get; init; }
    /// <summary>The action's particulars (new severity, chosen responder, satisfaction…).</summary>
    [Id(8)] public string? Detail { get; init; }
}
