namespace GridDispatch.Grains.Incidents;

/// <summary>What was reported, by whom, where: the facts an incident is opened with (收集).</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.IncidentReport")]
public sealed record IncidentReport
{
    [Id(0)] public required string Township { get; init; }
    [Id(1)] public required IncidentSource Source { get; init; }
    /// <summary>The source's own id (whistle id, alarm id, hotline case id): opening twice with it is one incident.</summary>
    [Id(2)] public required string SourceId { get; init; }
    /// <summary>lighting, electrical, road, water, dispute, safety, environment, flood, fire, other.</summary>
    [Id(3)] public required string Category { get; init; }
    [Id(4)] public required IncidentSeverity Severity { get; init; }
    /// <summary>The cell it happened in (any level).</summary>
    [Id(5)] public required string Cell { get; init; }
    [Id(6)] public required string Text { get; init; }
    [Id(7)] public double? Lat { get; init; }
    [Id(8)] public double? Lon { get; init; }
    [Id(9)] public required string ReportedBy { get; init; }
    [Id(10)] public required DateTimeOffset ReportedAt { get; init; }
    /// <summary>Lamps concerned, for lamp-fault work orders.</summary>
    [Id(11)] public IReadOnlyList<string> Lamps { get; init; } = [];
    /// <summary>
    /// A number to call the reporter back on, when the channel gave one (a 12345 caller's); a grid leader's is read
    /// from the topology instead. Personal: only the command centre reads it (<c>GET /api/incidents/{id}/reporter</c>).
    /// </summary>
    [Id(12)] public string? ReporterPhone { get; init; }
}
