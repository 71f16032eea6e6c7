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
    /// <summary>Changes with every change (the HTTP ETag): an action sent with an older one is refused, not applied.</summary>
    [Id(13)] public int Version { get; init; }
    /// <summary>协办 parts, each with its own work order and state.</summary>
    [Id(14)] public IReadOnlyList<CoHandlingPart> CoHandlers { get; init; } = [];
    /// <summary>The master this one was merged into (并案), if any.</summary>
    [Id(15)] public string? MergedInto { get; init; }
    /// <summary>Incidents merged into this one; their reporters hear this one's outcome.</summary>
    [Id(16)] public IReadOnlyList<DuplicateReport> Duplicates { get; init; } = [];
    /// <summary>督办 so far.</summary>
    [Id(17)] public int Urges { get; init; }
    [Id(18)] public CallBack? LastCallBack { get; init; }
}
