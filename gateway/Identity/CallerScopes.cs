using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Gateway.Identity;

/// <summary>Turns an account into a <see cref="Caller"/>: reads the grid tree for a leader's or a village's cells.</summary>
public sealed class CallerScopes(IGrainFactory grains)
{
    public async Task<Caller?> ResolveAsync(AccountProfile account)
    {
        if (account.Disabled) return null;
        if (account.Role == AccountRole.County) return Make(account, null, null);
        var township = account.Township!;
        var townships = new HashSet<string> { township };
        switch (account.Role)
        {
            case AccountRole.Village:
            case AccountRole.Leader:
                if (await grains.GetGrain<ITownshipGrain>(township).GetInfo() is not { } info) return Make(account, townships, new HashSet<string>());
                var roots = account.Role == AccountRole.Village
                    ? info.CellTree.Where(c => c.CellId == account.Village)
                    : info.CellTree.Where(c => c.LeaderId == account.PersonId);
                return Make(account, townships, Below(info, roots.Select(c => c.Key)));
            default:
                return Make(account, townships, null);
        }
    }

    private static Caller Make(AccountProfile a, IReadOnlySet<string>? townships, IReadOnlySet<string>? cells) =>
        new(a.Name, a.DisplayName, a.Role, townships, cells, a.PersonId);

    /// <summary>The given cells and every cell under them, by cell id.</summary>
    public static HashSet<string> Below(TownshipInfo info, IEnumerable<string> rootKeys)
    {
        var children = info.CellTree.Where(c => c.ParentKey is not null).ToLookup(c => c.ParentKey!);
        var scope = new HashSet<string>();
        var pending = new Stack<string>(rootKeys);
        while (pending.TryPop(out var key))
        {
            if (!scope.Add(CellKeys.Split(key).CellId)) continue;
            foreach (var child in children[key]) pending.Push(child.Key);
        }

        return scope;
    }
}
