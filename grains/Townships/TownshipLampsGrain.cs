namespace GridDispatch.Grains.Townships;

[GenerateSerializer, Alias("GridDispatch.Townships.TownshipLampsState")]
public sealed class TownshipLampsState
{
    [Id(0)] public List<string> LampIds { get; set; } = [];
}

public sealed class TownshipLampsGrain([PersistentState("township-lamps")] IPersistentState<TownshipLampsState> state) : Grain, ITownshipLampsGrain
{
    public async Task Set(IReadOnlyList<string> lampIds)
    {
        state.State.LampIds = [.. lampIds];
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> Get() => Task.FromResult<IReadOnlyList<string>>(state.State.LampIds);
}
