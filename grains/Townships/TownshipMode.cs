namespace GridDispatch.Grains.Townships;

/// <summary>平急结合: normal times, or an emergency (flood, typhoon, fire) with everyone called to report.</summary>
[GenerateSerializer]
public enum TownshipMode { Normal, Emergency }

/// <summary>The mode and, in an emergency, the check-in board (机关报到).</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Townships.ModeSnapshot")]
public sealed record ModeSnapshot
{
    [Id(0)] public required string Township { get; init; }
    [Id(1)] public required TownshipMode Mode { get; init; }
    [Id(2)] public DateTimeOffset? Since { get; init; }
    [Id(3)] public string? By { get; init; }
    [Id(4)] public string? Reason { get; init; }
    [Id(5)] public IReadOnlyList<CheckIn> Board { get; init; } = [];
    /// <summary>Past emergencies, newest first.</summary>
    [Id(6)] public IReadOnlyList<EmergencyRecord> History { get; init; } = [];
    /// <summary>The villages the emergency names (the area it affects); none: the whole township.</summary>
    [Id(7)] public IReadOnlyList<string> Villages { get; init; } = [];
    /// <summary>What the switch did to the lamps, in words for the audit trail (应急照明 100%…); only on the switch's own answer.</summary>
    [Id(8)] public string? Lighting { get; init; }

    public int CheckedIn => Board.Count(c => c.At is not null);
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Townships.CheckIn")]
public sealed record CheckIn([property: Id(0)] Affiliate Affiliate, [property: Id(1)] DateTimeOffset? At);

[GenerateSerializer, Immutable, Alias("GridDispatch.Townships.EmergencyRecord")]
public sealed record EmergencyRecord(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] string? Reason,
    [property: Id(3)] int Called,
    [property: Id(4)] int CheckedIn);
