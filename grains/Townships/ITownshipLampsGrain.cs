namespace GridDispatch.Grains.Townships;

/// <summary>The ids of a township's lamps, as imported: what a screen reads to draw the township's map.</summary>
[Alias("GridDispatch.Townships.ITownshipLampsGrain")]
public interface ITownshipLampsGrain : IGrainWithStringKey
{
    [Alias("Set")] Task Set(IReadOnlyList<string> lampIds);

    [Alias("Get")] Task<IReadOnlyList<string>> Get();
}
