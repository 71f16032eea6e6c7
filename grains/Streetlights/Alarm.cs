namespace GridDispatch.Grains.Streetlights;

/// <summary>Where an alarm is in its life: raised → acknowledged → cleared.</summary>
[GenerateSerializer]
public enum AlarmStatus { Raised, Acknowledged, Cleared }

/// <summary>One alarm (告警) of one lamp for one fault, from raising to clearing. Immutable: each step is a new value.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.Alarm")]
public sealed record Alarm
{
    /// <summary><c>{lampId}:{code}:{sequence}</c>: stable, unique per lamp, usable for de-duplication downstream.</summary>
    [Id(0)] public required string AlarmId { get; init; }
    [Id(1)] public required string LampId { get; init; }
    [Id(2)] public required FaultCode Code { get; init; }
    [Id(3)] public required AlarmSeverity Severity { get; init; }
    [Id(4)] public required DateTimeOffset RaisedAt { get; init; }
    [Id(5)] public DateTimeOffset? AcknowledgedAt { get; init; }
    [Id(6)] public string? AcknowledgedBy { get; init; }
    [Id(7)] public DateTimeOffset? ClearedAt { get; init; }
    /// <summary>What the one who acknowledged it said (接警备注).</summary>
    [Id(8)] public string? AcknowledgeNote { get; init; }
    /// <summary>Raised while the lamp was in maintenance (检修): shown, but no work order was opened for it.</summary>
    [Id(9)] public bool Suppressed { get; init; }

    public AlarmStatus Status => ClearedAt is not null ? AlarmStatus.Cleared
        : AcknowledgedAt is not null ? AlarmStatus.Acknowledged
        : AlarmStatus.Raised;
}

/// <summary>What happened to an alarm: the grain persists, then publishes these.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.AlarmChange")]
public sealed record AlarmChange([property: Id(0)] Alarm Alarm, [property: Id(1)] AlarmStatus Transition);
