namespace GridDispatch.Grains.Accounts;

/// <summary>What a bearer token stands for while it is valid.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Accounts.AccessTokenGrant")]
public sealed record AccessTokenGrant(
    [property: Id(0)] string Account,
    [property: Id(1)] int Generation,
    [property: Id(2)] DateTimeOffset ExpiresAt);

/// <summary>
/// One issued bearer token, keyed by the SHA-256 of the token (the token itself is never stored).
/// Lives in grain storage, so every gateway and dashboard process sees the same tokens and a revoked
/// one stops working everywhere at once.
/// </summary>
[Alias("GridDispatch.Accounts.IAccessTokenGrain")]
public interface IAccessTokenGrain : IGrainWithStringKey
{
    Task Issue(AccessTokenGrant grant);

    /// <summary>The grant, or null when unknown, revoked or expired.</summary>
    Task<AccessTokenGrant?> Resolve();

    Task Revoke();
}
