using GridDispatch.Grains.Common;

namespace GridDispatch.Grains.Accounts;

[GenerateSerializer, Alias("GridDispatch.Accounts.AccessTokenState")]
public sealed class AccessTokenState
{
    [Id(0)] public AccessTokenGrant? Grant { get; set; }
}

public sealed class AccessTokenGrain([PersistentState("token")] IPersistentState<AccessTokenState> state, DomainClock clock) : Grain, IAccessTokenGrain
{
    public async Task Issue(AccessTokenGrant grant)
    {
        state.State.Grant = grant;
        await state.WriteStateAsync();
    }

    public async Task<AccessTokenGrant?> Resolve()
    {
        if (state.State.Grant is not { } grant) return null;
        if (grant.ExpiresAt > clock.Now) return grant;
        await Forget(); // expired
        return null;
    }

    public async Task Revoke()
    {
        if (state.State.Grant is null) return;
        await Forget();
    }

    private async Task Forget()
    {
        state.State.Grant = null; // whatever the provider does with the in-memory copy, this activation forgets at once
        await state.ClearStateAsync();
    }
}
