using GridDispatch.Grains.Grid;

namespace GridDispatch.Grains.Incidents;

/// <summary>An incident as handhelds, the API and the big screen see it.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.IncidentSnapshot")]
public sealed record IncidentSnapshot
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required IncidentReport Report { get; init; }
    [Id(2)] public required IncidentStatus Status { get; init; }
    [Id(3)] public required CellLevel Level { get; init; }
    [Id(4)] public string? ResponderId { get; init; }
    [Id(5)] public DateTimeOffset? RespondBy { get; init; }
    [Id(6)] public DateTimeOffset? ResolveBy { get; init; }
    [Id(7)] public int DeadlinesMissed { get; init; }
    [Id(8)] public int? Satisfaction { get; init; }
    [Id(9)] public IReadOnlyList<string> Lamps { get; init; } = [];
    [Id(10)] public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];
    /// <summary>Leaf to top: the reported cell, then its ancestors up to the county.</summary>
    [Id(11)] public IReadOnlyList<string> CellPath { get; init; } = [];
    /// <summary>受理编号, read over the phone: 益门-1129-0012.</summary>
    [Id(12)] public string? Number { get; init; }
}
