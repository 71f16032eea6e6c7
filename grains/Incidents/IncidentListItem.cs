namespace GridDispatch.Grains.Incidents;

/// <summary>An incident as a line on the incident board and in API lists.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.IncidentListItem")]
public sealed record IncidentListItem
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Township { get; init; }
    [Id(2)] public required IncidentStatus Status { get; init; }
    [Id(3)] public required IncidentSeverity Severity { get; init; }
    [Id(4)] public required string Category { get; init; }
    [Id(5)] public required string Cell { get; init; }
    [Id(6)] public required string Title { get; init; }
    [Id(7)] public required Grid.CellLevel Level { get; init; }
    [Id(8)] public string? ResponderId { get; init; }
    [Id(9)] public DateTimeOffset ReportedAt { get; init; }
    [Id(10)] public DateTimeOffset UpdatedAt { get; init; }
    [Id(11)] public DateTimeOffset? RespondBy { get; init; }
    [Id(12)] public DateTimeOffset? ResolveBy { get; init; }
    [Id(13)] public int DeadlinesMissed { get; init; }
    /// <summary>受理编号.</summary>
    [Id(14)] public string? Number { get; init; }
    /// <summary>Who reported it (a leader's person id for a whistle), so a leader can list their own (我的吹哨).</summary>
    [Id(15)] public string? ReportedBy { get; init; }

    public static IncidentListItem From(IncidentSnapshot s, DateTimeOffset now) => new()
    {
        Id = s.Id, Township = s.Report.Township, Status = s.Status, Severity = s.Report.Severity, Category = s.Report.Category,
        Cell = s.Report.Cell, Title = s.Report.Text, Level = s.Level, ResponderId = s.ResponderId, ReportedAt = s.Report.ReportedAt,
        UpdatedAt = now, RespondBy = s.RespondBy, ResolveBy = s.ResolveBy, DeadlinesMissed = s.DeadlinesMissed, Number = s.Number,
        ReportedBy = s.Report.ReportedBy,
    };
}
