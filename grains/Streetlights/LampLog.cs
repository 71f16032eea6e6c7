namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// What the lamp drawer (路灯详情) shows beyond the snapshot: the last report as measured, the open and
/// recently cleared alarms, and the commands in flight and recently settled, newest first.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampLog")]
public sealed record LampLog
{
    [Id(0)] public LampTelemetry? Last { get; init; }
    [Id(1)] public IReadOnlyList<Alarm> Alarms { get; init; } = [];
    [Id(2)] public IReadOnlyList<LampCommand> Commands { get; init; } = [];
}
