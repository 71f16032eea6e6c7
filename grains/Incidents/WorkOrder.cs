
namespace GridDispatch.Grains.Incidents;

/// <summary>工单: what a responder's handheld shows for one incident.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Dispatch.WorkOrder")]
public sealed record WorkOrder
{
    [Id(0)] public required string IncidentId { get; init; }
    [Id(1)] public required string ResponderId { get; init; }
    [Id(2)] public required string Township { get; init; }
    [Id(3)] public required string Title { get; init; }
    [Id(4)] public required string Category { get; init; }
    [Id(5)] public required IncidentSeverity Severity { get; init; }
    [Id(6)] public required string Cell { get; init; }
    [Id(7)] public double? Lat { get; init; }
    [Id(8)] public double? Lon { get; init; }
    [Id(9)] public required DateTimeOffset OfferedAt { get; init; }
    /// <summary>接单 by then, or it goes to the next responder.</summary>
    [Id(10)] public required DateTimeOffset AcknowledgeBy { get; init; }
    [Id(11)] public DateTimeOffset? ResolveBy { get; init; }
    [Id(12)] public IReadOnlyList<string> Lamps { get; init; } = [];
    /// <summary>协办: this holder reports its own part; the lead's resolution resolves the incident.</summary>
    [Id(13)] public bool CoHandling { get; init; }
}
