using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Grains.Events;

/// <summary>An incident moved (any timeline step). Coalesced per incident: the latest snapshot carries the whole timeline.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.IncidentChanged")]
public sealed record IncidentChanged : DomainEvent
{
    [Id(0)] public required IncidentSnapshot Incident { get; init; }
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

/// <summary>A work order offered to a responder: their handheld's Subscribe stream carries it.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.WorkOrderOffered")]
public sealed record WorkOrderOffered : DomainEvent
{
    [Id(0)] public required WorkOrder WorkOrder { get; init; }
}

/// <summary>A work order taken back from a responder (declined, timed out, cancelled, closed).</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.WorkOrderWithdrawn")]
public sealed record WorkOrderWithdrawn : DomainEvent
{
    [Id(0)] public required string IncidentId { get; init; }
    [Id(1)] public required string ResponderId { get; init; }
    [Id(2)] public required string Reason { get; init; }
}

/// <summary>A responder's status, position or load changed. Coalesced per responder.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.ResponderChanged")]
public sealed record ResponderChanged : DomainEvent
{
    [Id(0)] public required ResponderCard Responder { get; init; }
    public override string CoalesceKey => "responder:" + Responder.Id;
}
