namespace GridDispatch.Grains.Townships;

[GenerateSerializer, Alias("GridDispatch.Townships.TownshipDirectoryState")]
public sealed class TownshipDirectoryState
{
    [Id(0)] public SortedDictionary<string, TownshipEntry> Townships { get; set; } = new(StringComparer.Ordinal);
}

public sealed class TownshipDirectoryGrain([PersistentState("townships")] IPersistentState<TownshipDirectoryState> state) : Grain, ITownshipDirectoryGrain
{
    public async Task Register(TownshipEntry entry)
    {
        if (state.State.Townships.GetValueOrDefault(entry.Id) == entry) return;
        state.State.Townships[entry.Id] = entry;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<TownshipEntry>> List() => Task.FromResult<IReadOnlyList<TownshipEntry>>([.. state.State.Townships.Values]);
}
