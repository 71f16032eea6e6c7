namespace GridDispatch.Grains.Accounts;

public sealed class AccountDirectoryGrain([PersistentState("accounts")] IPersistentState<AccountDirectoryState> state) : Grain, IAccountDirectoryGrain
{
    public async Task Add(IReadOnlyCollection<string> names)
    {
        var added = false;
        foreach (var name in names) added |= state.State.Names.Add(name);
        if (added) await state.WriteStateAsync();
    }

    public Task<IReadOnlyCollection<string>> List() => Task.FromResult<IReadOnlyCollection<string>>([.. state.State.Names]);
}
