using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Demo;
using GridDispatch.Identity;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Grpc;

/// <summary>
/// A handheld's bearer token: one from <c>/api/login</c>, or under <c>--demo</c> only, <c>demo-{account}</c>
/// for any demo account (as public as the demo's other credentials). Anything else is refused.
/// </summary>
public sealed class HandheldTokens(AccessTokens tokens, CallerScopes scopes, IGrainFactory grains, IOptions<DemoOptions> demo)
{
    public const string DemoPrefix = "demo-";

    public async Task<Caller?> AuthenticateAsync(string? token)
    {
        if (token is null || token.Length > 200) return null;
        if (!token.StartsWith(DemoPrefix, StringComparison.Ordinal)) return await tokens.ResolveAsync(token);
        if (!demo.Value.Enabled) return null;
        if (AccountNames.Normalize(token[DemoPrefix.Length..]) is not { } name) return null;
        var account = await grains.GetGrain<IAccountGrain>(name).Get();
        return account is { Demo: true } ? await scopes.ResolveAsync(account) : null;
    }
}
