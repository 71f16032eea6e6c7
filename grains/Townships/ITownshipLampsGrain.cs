namespace GridDispatch.Grains.Townships;

/// <summary>
/// The ids of a township's lamps, as imported: what a screen reads to draw the township's map, and
/// what the township's liveness sweep reads so every configured lamp is watched for silence.
/// </summary>
[Alias("GridDispatch.Townships.ITownshipLampsGrain")]
public interface ITownshipLampsGrain : IGrainWithStringKey
{
    [Alias("Set")] Task Set(IReadOnlyList<string> lampIds);

    [Alias("Get")] Task<IReadOnlyList<string>> Get();

    /// <summary>Has this silo watch every lamp by its id (none is activated) and makes sure the sweep reminder is registered.</summary>
    [Alias("Sweep")] Task Sweep();

    /// <summary>Of this township's lamps, how many a mass silence holds, as counted at the last sweep.</summary>
    [Alias("GetSilence")] Task<TownshipSilence> GetSilence();
}
