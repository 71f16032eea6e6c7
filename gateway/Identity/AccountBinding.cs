using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Identity;

/// <summary>
/// Whom an account may stand for: only people and places of its own township's topology — a responder
/// of that township for a responder account, the leader of one of its cells for a leader account, one
/// of its villages for a village account. Checked when an account is saved and again whenever a token
/// resolves, so an account bound elsewhere (or left behind by a re-import) opens nothing on any edge.
/// </summary>
public static class AccountBinding
{
    /// <summary>Why <paramref name="account"/> does not fit <paramref name="info"/> (its township as imported), or null.</summary>
    public static string? Problem(AccountProfile account, TownshipInfo? info)
    {
        if (account.Role == AccountRole.County) return null;
        if (info is null || info.Id != account.Township) return $"township {account.Township} is not imported";
        return account switch
        {
            { Role: AccountRole.Village } when !info.CellTree.Any(c => c.Level == CellLevel.Village && c.CellId == account.Village) =>
                $"village {account.Village} is not in township {info.Id}",
            { Role: AccountRole.Leader } when !info.CellTree.Any(c => c.LeaderId == account.PersonId) =>
                $"{account.PersonId} leads no cell of township {info.Id}",
            { Role: AccountRole.Responder } when !IsResponder(info, account.PersonId) =>
                $"{account.PersonId} is not a responder of township {info.Id}",
            { PersonId: { } person } when !IsResponder(info, person) && !info.CellTree.Any(c => c.LeaderId == person) =>
                $"{person} is not a person of township {info.Id}",
            _ => null,
        };
    }

    /// <summary>Whether resolving this account needs its township's topology (everyone bound to a person or a village).</summary>
    public static bool NeedsTopology(AccountProfile account) =>
        account.Role is AccountRole.Village or AccountRole.Leader or AccountRole.Responder || account.Role == AccountRole.Township && account.PersonId is not null;

    private static bool IsResponder(TownshipInfo info, string? person) =>
        info.Affiliates.Any(a => a.Kind == AffiliateKind.Responder && a.Id == person);
}
