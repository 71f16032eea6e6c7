using System.Security.Claims;
using GridDispatch.Grains.Accounts;

namespace GridDispatch.Identity;

/// <summary>
/// A signed-in person with their reach worked out: the townships they may see (null: all) and, for a
/// village user or grid leader, the cell ids they are limited to (null: the whole township; empty for a
/// responder, who sees only their own work).
/// Every entry point (HTTP, SignalR, gRPC, MQTT) asks this, so a scope means the same everywhere.
/// </summary>
public sealed record Caller(string Name, string DisplayName, AccountRole Role, IReadOnlySet<string>? Townships, IReadOnlySet<string>? Cells, string? PersonId)
{
    public const string ScopeClaim = "griddispatch:scope";
    public const string CellClaim = "griddispatch:cell";
    public const string PersonClaim = "griddispatch:person";
    public const string DisplayNameClaim = "griddispatch:display-name";
    public const string AllTownships = "*";

    public bool MaySee(string township) => Townships is null || Townships.Contains(township);

    public bool MaySee(string township, string cell) => MaySee(township) && (Cells is null || Cells.Contains(cell));

    /// <summary>Whistling is for the command centre and the cells' own leaders; responders report through their work orders.</summary>
    public bool MayWhistle(string township, string cell) => Role != AccountRole.Responder && MaySee(township, cell);

    public bool MayActAsResponder(string responderId) =>
        Role == AccountRole.Responder ? PersonId == responderId : Role is AccountRole.County or AccountRole.Township;

    /// <summary>A responder's own work: an incident offered to them, now or before (it may have moved on since).</summary>
    public bool WorksOn(Grains.Incidents.IncidentSnapshot incident) =>
        Role == AccountRole.Responder && PersonId is { } me && (incident.ResponderId == me || incident.Timeline.Any(e => e.ResponderId == me));

    public bool MayCommand => Role is AccountRole.County or AccountRole.Township;

    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, Name), new(ClaimTypes.Role, Role.ToString().ToLowerInvariant()), new(DisplayNameClaim, DisplayName),
        ];
        claims.AddRange(Townships is null ? [new Claim(ScopeClaim, AllTownships)] : Townships.Select(t => new Claim(ScopeClaim, t)));
        if (Cells is not null) claims.AddRange(Cells.Select(c => new Claim(CellClaim, c)));
        if (PersonId is not null) claims.Add(new Claim(PersonClaim, PersonId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true, Name: { } name } || !Enum.TryParse<AccountRole>(user.FindFirstValue(ClaimTypes.Role), true, out var role))
            return null;
        var scopes = user.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet();
        var cells = user.FindAll(CellClaim).Select(c => c.Value).ToHashSet();
        return new Caller(name, user.FindFirstValue(DisplayNameClaim) ?? name, role,
            scopes.Contains(AllTownships) ? null : scopes, role is AccountRole.Village or AccountRole.Leader or AccountRole.Responder ? cells : null,
            user.FindFirstValue(PersonClaim));
    }
}
