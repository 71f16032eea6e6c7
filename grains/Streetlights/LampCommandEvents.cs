using GridDispatch.Grains.Events;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// The outbound port for lamp commands: the gateway publishes each of these to the lamp's
/// <c>…/cmd</c> topic. Re-sent (same cmdId) until acknowledged or given up. Never coalesced.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.LampCommandIssued")]
public sealed record LampCommandIssued : DomainEvent
{
    [Id(0)] public required LampCommand Command { get; init; }
}

/// <summary>A command ended: acknowledged, refused by the lamp, superseded by a newer one, or given up after its attempts.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.LampCommandSettled")]
public sealed record LampCommandSettled : DomainEvent
{
    [Id(0)] public required LampCommand Command { get; init; }
}
