using System.Security.Claims;

namespace GridDispatch.Identity;

/// <summary>Scope checks on the signed-in user of an HTTP request or hub call.</summary>
public static class CallerPrincipal
{
    public static Caller? Caller(this ClaimsPrincipal user) => Identity.Caller.From(user);

    public static bool MaySee(this ClaimsPrincipal user, string township) => user.Caller()?.MaySee(township) == true;

    public static bool MaySee(this ClaimsPrincipal user, string township, string cell) => user.Caller()?.MaySee(township, cell) == true;
}
