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

/// <summary>How many of the township's lamps a mass silence holds changed (0: it is over). Coalesced per township.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.TownshipSilenceChanged")]
public sealed record TownshipSilenceChanged : DomainEvent
{
    [Id(0)] public required TownshipSilence Silence { get; init; }
    public override string CoalesceKey => "silence:" + Township;
}
