namespace GridDispatch.Grains.Incidents;

[GenerateSerializer]
public enum PartStatus { Offered, Acknowledged, OnSite, Done, Declined }

/// <summary>
/// 协办: a co-handling responder or department's share of an incident. It has its own work order and
/// reports its own steps; the incident is resolved only by its lead.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.CoHandlingPart")]
public sealed record CoHandlingPart
{
    [Id(0)] public required string ResponderId { get; init; }
    [Id(1)] public string? Department { get; init; }
    [Id(2)] public required PartStatus Status { get; init; }
    [Id(3)] public required DateTimeOffset OfferedAt { get; init; }
    [Id(4)] public DateTimeOffset? UpdatedAt { get; init; }
    /// <summary>What the co-handler reported when done, or why it declined.</summary>
    [Id(5)] public string? Note { get; init; }
    [Id(6)] public required string AddedBy { get; init; }

    /// <summary>Still working: its work order stays on its handheld.</summary>
    public bool Active => Status is PartStatus.Offered or PartStatus.Acknowledged or PartStatus.OnSite;
}
