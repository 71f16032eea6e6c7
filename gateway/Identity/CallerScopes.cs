using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Identity;

/// <summary>
/// Turns an account into a <see cref="Caller"/>: reads the grid tree for a leader's or a village's cells,
/// and refuses (null) an account whose person or village is not of its township (<see cref="AccountBinding"/>).
/// </summary>
public sealed class CallerScopes(IGrainFactory grains)
{
    private static readonly IReadOnlySet<string> NoCells = new HashSet<string>();

    public async Task<Caller?> ResolveAsync(AccountProfile account)
    {
        if (account.Disabled) return null;
        if (account.Role == AccountRole.County) return Make(account, null, null);
        var township = account.Township!;
        var townships = new HashSet<string> { township };
        if (!AccountBinding.NeedsTopology(account)) return Make(account, townships, null);
        var info = await grains.GetGrain<ITownshipGrain>(township).GetInfo();
        if (AccountBinding.Problem(account, info) is not null) return null;
        return account.Role switch
        {
            AccountRole.Village => Make(account, townships, Below(info!, info!.CellTree.Where(c => c.CellId == account.Village).Select(c => c.Key))),
            AccountRole.Leader => Make(account, townships, Below(info!, info!.CellTree.Where(c => c.LeaderId == account.PersonId).Select(c => c.Key))),
            // A responder sees its own work, never the township's cells: no cell is theirs.
            AccountRole.Responder => Make(account, townships, NoCells),
            _ => Make(account, townships, null),
        };
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
