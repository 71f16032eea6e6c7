using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;

namespace GridDispatch.Grains.Incidents;

/// <summary>An incident moved (any timeline step). Coalesced per incident: the latest snapshot carries the whole timeline.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.IncidentChanged")]
public sealed record IncidentChanged : DomainEvent
{
    [Id(0)] public required IncidentSnapshot Incident { get; init; }
    /// <summary>The village the incident's cell lies in, so a village's screens hear of it; null for a township-wide one.</summary>
    [Id(1)] public string? Village { get; init; }
    public override string CoalesceKey => "incident:" + Incident.Id;
}

/// <summary>A deadline passed and the incident climbed a rung: that level's leaders must hear of it.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.IncidentEscalated")]
public sealed record IncidentEscalated : DomainEvent
{
    [Id(0)] public required string IncidentId { get; init; }
    [Id(1)] public required CellLevel Level { get; init; }
    /// <summary>The cell now owning the incident.</summary>
    [Id(2)] public string? CellKey { get; init; }
    [Id(3)] public IReadOnlyList<string> AlertedLeaders { get; init; } = [];
}

/// <summary>督办: the command centre urged a holder of the incident; their handheld shows a notice.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.WorkOrderUrged")]
public sealed record WorkOrderUrged : DomainEvent
{
    [Id(0)] public required string IncidentId { get; init; }
    [Id(1)] public required string ResponderId { get; init; }
    [Id(2)] public required string By { get; init; }
    [Id(3)] public string? Note { get; init; }
    /// <summary>How many times this incident has been urged, this one included.</summary>
    [Id(4)] public int Count { get; init; }
}
