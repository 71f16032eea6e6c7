using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Http;

/// <summary>
/// Who may sign in to the command centre. Only the demo's <c>admin</c>/<c>demo</c> (county-wide)
/// exists yet, and only under <c>--demo</c>; without it nobody signs in. Roles per township and
/// village come with the dashboard.
/// </summary>
public sealed class CommandCentreUsers(IOptions<DemoOptions> demo)
{
    public const string ScopeClaim = "griddispatch:scope";
    public const string AllScopes = "*";

    public ClaimsPrincipal? SignIn(string? username, string? password)
    {
        if (!demo.Value.Enabled || username != "admin" || password != "demo") return null;
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, "county"), new Claim(ScopeClaim, AllScopes)],
            "griddispatch");
        return new ClaimsPrincipal(identity);
    }

    /// <summary>May this user see and act on <paramref name="township"/>?</summary>
    public static bool InScope(ClaimsPrincipal user, string township) =>
        user.FindAll(ScopeClaim).Any(c => c.Value == AllScopes || c.Value == township);
}
