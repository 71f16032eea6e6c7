namespace GridDispatch.Grains.Events;

/// <summary>
/// Something the command centre, the time series and the handhelds want to hear about. Events
/// leave the grains through one batching notifier; they are a live feed, not the record: the
/// grains' state is the record, and a reconnecting screen reads a snapshot first.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.DomainEvent")]
public abstract record DomainEvent
{
    /// <summary>Scope for routing: the township the event belongs to.</summary>
    [Id(0)] public required string Township { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }

    /// <summary>Events with the same key replace each other within one batch (latest wins); null: never coalesced.</summary>
    public virtual string? CoalesceKey => null;
}

/// <summary>A batch as delivered to a subscriber: in order, coalesced.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.DomainEventBatch")]
public sealed record DomainEventBatch([property: Id(0)] IReadOnlyList<DomainEvent> Events);
