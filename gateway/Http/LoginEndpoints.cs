using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Audit;
using GridDispatch.Identity;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Http;

public sealed record LoginRequest(string? Username, string? Password);

public sealed record LoginReply(string TokenType, string AccessToken, long ExpiresIn);

/// <param name="LampPhotoRequired">For a responder: a lamp work order's 完成 needs a 处置后 photo (<see cref="Grains.Dispatch.HandheldOptions.CompletionPhotoForLamps"/>), so the phone asks for it before sending.</param>
public sealed record MeReply(string Name, string DisplayName, string Role, IReadOnlyList<string> Townships, IReadOnlyList<string> Cells, string? ResponderId, string? PersonId,
    bool LampPhotoRequired = false);

/// <summary><c>/api/login</c>, <c>/api/logout</c>, <c>/api/me</c>: bearer tokens for the command centre and handhelds.</summary>
public static class LoginEndpoints
{

    /// <summary>A login body is a name and a password: anything longer is refused (413) before it is read.</summary>
    public const long MaxLoginBody = 4 * 1024;

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/login", Login).AllowAnonymous().RequireRateLimiting(SignIn.LoginRateLimit)
            .WithMetadata(new RequestSizeLimitAttribute(MaxLoginBody)).WithTags("auth");
        app.MapPost("/api/logout", Logout).RequireAuthorization().WithTags("auth");
        app.MapGet("/api/me", Me).RequireAuthorization().WithTags("auth");
        return app;
    }

    public static async Task<Results<Ok<LoginReply>, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext context, SignIn signIn, AccessTokens tokens, CallerScopes scopes, AuditRecorder audit, FailedLoginAudit failed)
    {
        var result = await signIn.CheckAsync(request.Username, request.Password, context.Connection.RemoteIpAddress);
        // An account whose person or village is not of its township (AccountBinding) gets no token at all.
        if (result is { Outcome: SignInOutcome.Ok, Profile: { } profile } && await scopes.ResolveAsync(profile) is not null)
            return await Issued(profile, context, tokens, audit);
        await failed.NoteAsync("HTTP", request.Username, context.Connection.RemoteIpAddress);
        return result.Outcome == SignInOutcome.Throttled
            ? Throttled(context, result.RetryAfter)
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "用户名或密码错误 (wrong username or password)");
    }

    /// <summary>A token, and a line in the audit log (failures go to <see cref="FailedLoginAudit"/>, a line per address per minute at most, plus its count).</summary>
    private static async Task<Ok<LoginReply>> Issued(AccountProfile profile, HttpContext context, AccessTokens tokens, AuditRecorder audit)
    {
        var token = await tokens.IssueAsync(profile);
        await audit.RecordAsync(profile.Name, profile.DisplayName, profile.Township ?? AuditDays.County, "login", profile.Name,
            detail: context.Connection.RemoteIpAddress?.ToString());
        return TypedResults.Ok(new LoginReply("Bearer", token, (long)tokens.Lifetime.TotalSeconds));
    }

    private static ProblemHttpResult Throttled(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
            title: "尝试次数过多 (too many attempts)", detail: $"try again in {seconds} s");
    }

    public static async Task<NoContent> Logout(HttpContext context, AccessTokens tokens)
    {
        if (TokenAuthenticationHandler.BearerToken(context.Request) is { } token) await tokens.RevokeAsync(token);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<MeReply>, UnauthorizedHttpResult>> Me(ClaimsPrincipal user, IGrainFactory grains, IOptions<Grains.Dispatch.HandheldOptions> handhelds)
    {
        if (user.Caller() is not { } caller) return TypedResults.Unauthorized();
        var townships = caller.Townships?.Order().ToList() ?? await AllTownships(grains);
        return TypedResults.Ok(new MeReply(caller.Name, caller.DisplayName, caller.Role.ToString().ToLowerInvariant(), townships,
            caller.Cells?.Order().ToList() ?? [], caller.Role == AccountRole.Responder ? caller.PersonId : null, caller.PersonId,
            caller.Role == AccountRole.Responder && handhelds.Value.CompletionPhotoForLamps));
    }

    private static async Task<List<string>> AllTownships(IGrainFactory grains) =>
        [.. (await grains.GetGrain<ITownshipDirectoryGrain>(0).List()).Select(t => t.Id)];
}
