using Orleans.Concurrency;

namespace GridDispatch.Grains.Open311;

/// <summary>
/// The Open311 API keys of the deployment (one grain, key <see cref="Deployment"/>): few, issued and revoked by the
/// county. Keys are looked up by the SHA-256 of the presented key (hex), so the grain never holds a usable key.
/// </summary>
[Alias("GridDispatch.Open311.IOpen311KeysGrain")]
public interface IOpen311KeysGrain : IGrainWithStringKey
{
    public const string Deployment = "open311";

    [Alias("Issue")]
    Task<Open311Key> Issue(string sha256, string label, IReadOnlyList<string> townships, string issuedBy);

    /// <summary>The key, if it exists and is not revoked.</summary>
    [Alias("Find"), ReadOnly, AlwaysInterleave]
    Task<Open311Key?> Find(string sha256);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<Open311Key>> List();

    /// <summary>False if there is no such key id or it was already revoked.</summary>
    [Alias("Revoke")]
    Task<bool> Revoke(string id, DateTimeOffset at);
}
