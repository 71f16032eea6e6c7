using System.Security.Cryptography;
using System.Text;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Open311;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Open311;

/// <summary>
/// Open311 API keys: 256 random bits handed out once, stored only as their SHA-256 (as bearer tokens are), each
/// scoped to townships. The demo key <c>demo</c> exists only under <c>--demo</c>, for every township.
/// </summary>
public sealed class Open311Keys(IGrainFactory grains, IOptions<DemoOptions> demo)
{
    public const string Prefix = "o311_";
    public const string DemoKey = "demo";

    /// <summary>The demo key's record (never stored).</summary>
    private static readonly Open311Key Demo = new(DemoKey, "demo", [], "demo", DateTimeOffset.UnixEpoch, null);

    public async Task<(string Key, Open311Key Record)> IssueAsync(string label, IReadOnlyList<string> townships, string issuedBy)
    {
        var key = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (key, await Grain.Issue(Hash(key), label, townships, issuedBy));
    }

    /// <summary>The key's record if it is valid; the demo key has no township list (it may file anywhere).</summary>
    public async Task<Open311Key?> ResolveAsync(string? key)
    {
        if (key == DemoKey) return demo.Value.Enabled ? Demo : null;
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 100) return null;
        return await Grain.Find(Hash(key));
    }

    public static bool MayFileIn(Open311Key key, string township) => key.Id == DemoKey || key.Townships.Contains(township);

    public Task<IReadOnlyList<Open311Key>> ListAsync() => Grain.List();

    public Task<bool> RevokeAsync(string id, DateTimeOffset at) => Grain.Revoke(id, at);

    private IOpen311KeysGrain Grain => grains.GetGrain<IOpen311KeysGrain>(IOpen311KeysGrain.Deployment);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
