using System.Collections.Concurrent;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Topology;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Grpc;

/// <summary>
/// Handheld bearer tokens. Only the demo's exist yet, and only under <c>--demo</c>: <c>demo-{id}</c> for
/// <c>admin</c>, any responder, and any grid leader of the demo townships (as public as the demo's other
/// credentials). Without the demo nobody is authenticated: refused is the safe default.
/// </summary>
public sealed class HandheldTokens(IGrainFactory grains, IOptions<DemoOptions> demo)
{
    public const string DemoPrefix = "demo-";
    private readonly ConcurrentDictionary<string, HandheldIdentity> _known = new(StringComparer.Ordinal);

    public async Task<HandheldIdentity?> AuthenticateAsync(string? token)
    {
        if (!demo.Value.Enabled || token is null || !token.StartsWith(DemoPrefix, StringComparison.Ordinal) || token.Length > 200) return null;
        var id = token[DemoPrefix.Length..];
        if (_known.TryGetValue(id, out var known)) return known;
        var identity = await Resolve(id);
        if (identity is not null) _known[id] = identity;
        return identity;
    }

    private async Task<HandheldIdentity?> Resolve(string id)
    {
        if (id == "admin") return new HandheldIdentity(HandheldRole.Admin, id, null, new HashSet<string>());
        if (await grains.GetGrain<IResponderGrain>(id).GetSnapshot() is { } responder)
            return new HandheldIdentity(HandheldRole.Responder, id, responder.Profile.Township, new HashSet<string>());
        foreach (var township in DemoTownships.All().Select(t => t.Id))
        {
            if (await grains.GetGrain<ITownshipGrain>(township).GetInfo() is not { } info) continue;
            var led = info.CellTree.Where(c => c.LeaderId == id).Select(c => c.Key).ToHashSet();
            if (led.Count > 0) return new HandheldIdentity(HandheldRole.Leader, id, township, Descendants(info, led));
        }

        return null;
    }

    /// <summary>The cells a leader leads and every cell below them, by cell id.</summary>
    private static HashSet<string> Descendants(TownshipInfo info, HashSet<string> ledKeys)
    {
        var children = info.CellTree.Where(c => c.ParentKey is not null).ToLookup(c => c.ParentKey!);
        var scope = new HashSet<string>();
        var pending = new Stack<string>(ledKeys);
        while (pending.TryPop(out var key))
        {
            scope.Add(Grains.Grid.CellKeys.Split(key).CellId);
            foreach (var child in children[key]) pending.Push(child.Key);
        }

        return scope;
    }
}
