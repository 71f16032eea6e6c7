using System.Security.Claims;
using GridDispatch.Gateway.Http;
using GridDispatch.Identity;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Open311;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Open311;

public sealed record Open311KeyRequest(string? Label, IReadOnlyList<string>? Townships);

/// <summary>An issued key: <see cref="Key"/> is shown this once and never again (only its hash is kept).</summary>
public sealed record Open311KeyIssued(string Id, string Key, string Label, IReadOnlyList<string> Townships, DateTimeOffset IssuedAt);

/// <summary>
/// <c>/api/open311/keys</c>: the county issues, lists and revokes the 12345 hotline's Open311 API keys, each for
/// the townships it names. County accounts only.
/// </summary>
public static class Open311KeyEndpoints
{
    public static IEndpointRouteBuilder MapOpen311Keys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/open311/keys").RequireAuthorization().WithTags("open311");
        group.MapPost("", Issue);
        group.MapGet("", List);
        group.MapDelete("/{id}", Revoke);
        return app;
    }

    public static async Task<Results<Created<Open311KeyIssued>, ProblemHttpResult>> Issue(
        Open311KeyRequest request, ClaimsPrincipal user, Open311Keys keys, IGrainFactory grains)
    {
        if (!IsCounty(user)) return CountyOnly;
        var label = request.Label?.Trim() ?? "";
        if (label.Length is 0 or > 100) return ApiProblems.Invalid("label is required (at most 100 characters)");
        if (request.Townships is not { Count: > 0 and <= 100 } townships) return ApiProblems.Invalid("townships must name 1 to 100 townships");
        foreach (var township in townships)
        {
            if (string.IsNullOrEmpty(township) || township.Length > 64 || await grains.GetGrain<ITownshipGrain>(township).GetInfo() is null)
                return ApiProblems.Invalid($"no township {township}");
        }

        var (key, record) = await keys.IssueAsync(label, [.. townships.Distinct()], user.Identity!.Name!);
        return TypedResults.Created($"/api/open311/keys/{record.Id}", new Open311KeyIssued(record.Id, key, record.Label, record.Townships, record.IssuedAt));
    }

    public static async Task<Results<Ok<IReadOnlyList<Open311Key>>, ProblemHttpResult>> List(ClaimsPrincipal user, Open311Keys keys) =>
        IsCounty(user) ? TypedResults.Ok(await keys.ListAsync()) : CountyOnly;

    public static async Task<Results<NoContent, ProblemHttpResult>> Revoke(string id, ClaimsPrincipal user, Open311Keys keys, TimeProvider time)
    {
        if (!IsCounty(user)) return CountyOnly;
        return await keys.RevokeAsync(id, time.GetUtcNow()) ? TypedResults.NoContent() : ApiProblems.NotFound($"no active Open311 key {id}");
    }

    private static ProblemHttpResult CountyOnly =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "outside your scope", detail: "Open311 keys are issued by county accounts only");

    private static bool IsCounty(ClaimsPrincipal user) => user.Caller() is { Role: AccountRole.County };
}
