using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Grains.Dispatch;

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
