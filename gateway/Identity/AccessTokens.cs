using System.Security.Cryptography;
using System.Text;
using GridDispatch.Grains.Accounts;
using Microsoft.Extensions.Options;

namespace GridDispatch.Identity;

/// <summary>
/// Bearer tokens for browsers and handhelds: 256 random bits, stored only as their SHA-256 in an
/// <see cref="IAccessTokenGrain"/>. Valid while unexpired, unrevoked, and the account's generation is
/// unchanged (a new password or a disabled account ends every older token).
/// </summary>
public sealed class AccessTokens(IGrainFactory grains, CallerScopes scopes, IOptions<AccountOptions> options, TimeProvider time)
{
    public const string Prefix = "gd_";

    public TimeSpan Lifetime => options.Value.TokenLifetime;

    public async Task<string> IssueAsync(AccountProfile account)
    {
        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var generation = await grains.GetGrain<IAccountGrain>(account.Name).GetGeneration();
        await Grain(token).Issue(new AccessTokenGrant(account.Name, generation, time.GetUtcNow() + Lifetime));
        return token;
    }

    public async Task<Caller?> ResolveAsync(string? token)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 100) return null;
        if (await Grain(token).Resolve() is not { } grant) return null;
        var account = grains.GetGrain<IAccountGrain>(grant.Account);
        if (await account.GetGeneration() != grant.Generation || await account.Get() is not { } profile) return null;
        return await scopes.ResolveAsync(profile);
    }

    public Task RevokeAsync(string token) => Grain(token).Revoke();

    private IAccessTokenGrain Grain(string token) =>
        grains.GetGrain<IAccessTokenGrain>(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
