namespace GridDispatch.Grains.Dispatch;

/// <summary>A responder in the hand-dispatch list (人工分办), in the order the dispatcher would ask them, with why.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Dispatch.RankedResponder")]
public sealed record RankedResponder
{
    [Id(0)] public required ResponderCard Responder { get; init; }
    /// <summary>Straight-line distance to the incident; null when either has no position.</summary>
    [Id(1)] public double? DistanceKm { get; init; }
    /// <summary>The dispatcher would ask them: on duty, qualified, with room.</summary>
    [Id(2)] public bool Eligible { get; init; }
    /// <summary>Their skills fit the category, whether or not they have room now.</summary>
    [Id(3)] public bool Qualified { get; init; }
    /// <summary>They hold (包保) the incident's cell or one above it.</summary>
    [Id(4)] public bool HomeArea { get; init; }
}
