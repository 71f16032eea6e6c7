using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Identity;

/// <summary>
/// <c>Authorization: Bearer gd_…</c>, checked against the token grains on every request, so a revoked
/// token stops at once in every process. Browsers' WebSockets cannot send headers: for <c>/hubs/</c>
/// the token may come as <c>?access_token=</c>, as the SignalR client sends it.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "GridDispatchToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request);
        // Not one of ours (a handheld's demo token on a gRPC call, say): someone else's to judge.
        if (token is null || !token.StartsWith(AccessTokens.Prefix, StringComparison.Ordinal)) return AuthenticateResult.NoResult();
        var caller = await tokens.ResolveAsync(token);
        return caller is null
            ? AuthenticateResult.Fail("invalid, expired or revoked token")
            : AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    public static string? BearerToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return request.Path.StartsWithSegments("/hubs") ? request.Query["access_token"].FirstOrDefault() : null;
    }
}
