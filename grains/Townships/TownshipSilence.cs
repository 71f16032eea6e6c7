namespace GridDispatch.Grains.Townships;

/// <summary>
/// A township's share of a mass silence (<see cref="Streetlights.LampLivenessMonitor"/>): of its lamps, how many are silent
/// past COMM_LOSS's limit with their alarm held, since when. Counted at each sweep of its lamps (a minute), on the silo
/// that sweeps them: what the screen shows instead of an alarm per lamp.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Townships.TownshipSilence")]
public sealed record TownshipSilence(
    [property: Id(0)] int Held,
    [property: Id(1)] int Lamps,
    [property: Id(2)] DateTimeOffset? Since)
{
    public static readonly TownshipSilence None = new(0, 0, null);
}
