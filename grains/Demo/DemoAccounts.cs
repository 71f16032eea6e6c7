using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>
/// The demo's logins, all with the demo password and valid only under <c>--demo</c>: the township
/// itself (its id), each village leader (村/片, a village account), each group and neighbourhood
/// leader (grid leader), and each responder, by their topology ids.
/// </summary>
public static class DemoAccounts
{
    public static IReadOnlyCollection<AccountProfile> For(TownshipTopology t)
    {
        var accounts = new Dictionary<string, AccountProfile>();
        void Add(AccountRole role, string id, string display, string? village = null)
        {
            var name = id.ToLowerInvariant();
            accounts.TryAdd(name, new AccountProfile
            {
                Name = name, DisplayName = display, Role = role, Township = t.Id, Village = village,
                PersonId = role is AccountRole.Leader or AccountRole.Responder or AccountRole.Village ? id : null, Demo = true,
            });
        }

        Add(AccountRole.Township, t.Id, $"{t.Name}指挥中心");
        foreach (var village in t.Villages)
        {
            if (village.Leader is { } head) Add(AccountRole.Village, head.Id, $"{village.Name} {head.Name}", village.Id);
            foreach (var group in village.Groups)
            {
                if (group.Leader is { } leader) Add(AccountRole.Leader, leader.Id, $"{group.Name} {leader.Name}");
                foreach (var n in group.Neighbourhoods)
                    if (n.Leader is { } nl) Add(AccountRole.Leader, nl.Id, $"{n.Name} {nl.Name}");
            }
        }

        foreach (var r in t.Responders) Add(AccountRole.Responder, r.Id, r.Name);
        return accounts.Values;
    }
}
