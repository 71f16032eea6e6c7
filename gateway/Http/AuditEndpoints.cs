using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Audit;
using GridDispatch.Grains.Townships;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary>
/// <c>GET /api/audit</c> (JSON) and <c>GET /api/audit.csv</c> (export): the audit log by time, actor,
/// township and kind. For the command centre only: the county reads every township and the county's own
/// lines, a township its own.
/// </summary>
public static class AuditEndpoints
{
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(31);

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", List).RequireAuthorization().WithTags("audit");
        app.MapGet("/api/audit.csv", Export).RequireAuthorization().WithTags("audit");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> List(
        ClaimsPrincipal user, IGrainFactory grains, IAuditTrail trail, TimeProvider time,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? township = null, string? actor = null, string? kind = null, int? limit = null)
    {
        var query = await Query(user, grains, time, from, to, township, actor, kind, limit ?? 500);
        if (query.Problem is { } problem) return problem;
        return TypedResults.Ok(await trail.QueryAsync(query.Query!));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Export(
        ClaimsPrincipal user, IGrainFactory grains, IAuditTrail trail, TimeProvider time,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? township = null, string? actor = null, string? kind = null)
    {
        var query = await Query(user, grains, time, from, to, township, actor, kind, 100_000);
        if (query.Problem is { } problem) return problem;
        var entries = await trail.QueryAsync(query.Query!);
        return TypedResults.File(AuditCsv.Write(entries), "text/csv; charset=utf-8", $"audit-{query.Query!.From.ToOffset(AuditDays.Offset):yyyyMMdd}.csv");
    }

    private static async Task<(AuditQuery? Query, ProblemHttpResult? Problem)> Query(
        ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to, string? township, string? actor, string? kind, int limit)
    {
        if (user.Caller() is not { MayCommand: true } caller) return (null, ApiProblems.Forbidden(township ?? "the audit log"));
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        if (start > end) return (null, ApiProblems.Invalid("from must be before to"));
        if (end - start > LongestWindow) return (null, ApiProblems.Invalid($"at most {LongestWindow.TotalDays} days at a time"));
        if (limit is < 1 or > 100_000) return (null, ApiProblems.Invalid("limit must be 1 to 100000"));

        IReadOnlyList<string> townships;
        if (township is not null)
        {
            if (township != AuditDays.County && !caller.MaySee(township) || township == AuditDays.County && caller.Role != AccountRole.County)
                return (null, ApiProblems.Forbidden(township));
            townships = [township];
        }
        else if (caller.Townships is { } own) townships = [.. own];
        else townships = [AuditDays.County, .. (await grains.GetGrain<ITownshipDirectoryGrain>(0).List()).Select(t => t.Id)];
        return (new AuditQuery(start, end, townships, actor, kind, limit), null);
    }
}
