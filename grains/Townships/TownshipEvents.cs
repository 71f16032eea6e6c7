using GridDispatch.Grains.Events;

namespace GridDispatch.Grains.Townships;

/// <summary>The township's mode or its check-in board changed. Coalesced per township.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.ModeChanged")]
public sealed record ModeChanged : DomainEvent
{
    [Id(0)] public required ModeSnapshot Mode { get; init; }
    public override string CoalesceKey => "mode:" + Township;
}

/// <summary>Emergency declared: each of these is called to report (handhelds show it).</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.ReportCalled")]
public sealed record ReportCalled : DomainEvent
{
    [Id(0)] public required IReadOnlyList<Affiliate> Called { get; init; }
    [Id(1)] public string? Reason { get; init; }
}
