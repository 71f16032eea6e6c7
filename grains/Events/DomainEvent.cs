using GridDispatch.Grains.Streetlights;

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

/// <summary>A lamp's visible state changed (lit, brightness, online, faults). Coalesced per lamp.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.LampChanged")]
public sealed record LampChanged : DomainEvent
{
    [Id(0)] public required LampSnapshot Lamp { get; init; }
    public override string CoalesceKey => "lamp:" + Lamp.LampId;
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Events.AlarmRaised")]
public sealed record AlarmRaised : DomainEvent
{
    [Id(0)] public required Alarm Alarm { get; init; }
    [Id(1)] public required string Cell { get; init; }
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Events.AlarmAcknowledged")]
public sealed record AlarmAcknowledged : DomainEvent
{
    [Id(0)] public required Alarm Alarm { get; init; }
    [Id(1)] public required string Cell { get; init; }
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Events.AlarmCleared")]
public sealed record AlarmCleared : DomainEvent
{
    [Id(0)] public required Alarm Alarm { get; init; }
    [Id(1)] public required string Cell { get; init; }
}

/// <summary>A batch as delivered to a subscriber: in order, coalesced.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.DomainEventBatch")]
public sealed record DomainEventBatch([property: Id(0)] IReadOnlyList<DomainEvent> Events);

/// <summary>A cell's roll-up changed. Coalesced per cell: screens want the latest figures, not every step.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.SummaryChanged")]
public sealed record SummaryChanged : DomainEvent
{
    [Id(0)] public required string CellKey { get; init; }
    [Id(1)] public required Grid.CellLevel Level { get; init; }
    [Id(2)] public required Grid.CellFigures Figures { get; init; }
    public override string CoalesceKey => "cell:" + CellKey;
}
