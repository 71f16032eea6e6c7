using GridDispatch.Grains.Events;

namespace GridDispatch.Grains.Streetlights;

/// <summary>A lamp's visible state changed (lit, brightness, online, faults). Coalesced per lamp.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.LampChanged")]
public sealed record LampChanged : DomainEvent
{
    [Id(0)] public required LampSnapshot Lamp { get; init; }
    public override string CoalesceKey => "lamp:" + Lamp.LampId;
}

/// <summary>A clock hour of a lamp's energy ended (its first report past the hour): for the history, not the screens.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.LampHourEnded")]
public sealed record LampHourEnded : DomainEvent
{
    [Id(0)] public required string LampId { get; init; }
    [Id(1)] public required string Cell { get; init; }
    [Id(2)] public string? Village { get; init; }
    [Id(3)] public required EnergyHour Energy { get; init; }
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Events.AlarmRaised")]
public sealed record AlarmRaised : DomainEvent
{
    [Id(0)] public required Alarm Alarm { get; init; }
    [Id(1)] public required string Cell { get; init; }
    /// <summary>The village the lamp's cell lies in, so a village's screens hear of it; null outside any village.</summary>
    [Id(2)] public string? Village { get; init; }
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Events.AlarmAcknowledged")]
public sealed record AlarmAcknowledged : DomainEvent
{
    [Id(0)] public required Alarm Alarm { get; init; }
    [Id(1)] public required string Cell { get; init; }
    /// <summary>The village the lamp's cell lies in, so a village's screens hear of it; null outside any village.</summary>
    [Id(2)] public string? Village { get; init; }
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Events.AlarmCleared")]
public sealed record AlarmCleared : DomainEvent
{
    [Id(0)] public required Alarm Alarm { get; init; }
    [Id(1)] public required string Cell { get; init; }
    /// <summary>The village the lamp's cell lies in, so a village's screens hear of it; null outside any village.</summary>
    [Id(2)] public string? Village { get; init; }
}
