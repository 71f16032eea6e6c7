namespace GridDispatch.Grains.Incidents;

/// <summary>回访: the call to the reporter after resolution, reached or not, before 销号.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Incidents.CallBack")]
public sealed record CallBack
{
    [Id(0)] public required bool Reached { get; init; }
    [Id(1)] public string? Notes { get; init; }
    [Id(2)] public required string By { get; init; }
    [Id(3)] public required DateTimeOffset At { get; init; }
}
