using System.Security.Claims;
using GridDispatch.Gateway.Reports;
using GridDispatch.Grains.Accounts;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary>
/// <c>GET /api/reports</c> (JSON), <c>/api/reports.xlsx</c> and <c>/api/reports.csv</c>: a period's report (docs/REPORTS.md)
/// for a county, a township or a village. The county sees every scope, a township its own and its villages, a village
/// (or a leader) its own village; responders none.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/reports", Get).RequireAuthorization().WithTags("reports");
        app.MapGet("/api/reports.xlsx", Xlsx).RequireAuthorization().WithTags("reports");
        app.MapGet("/api/reports.csv", Csv).RequireAuthorization().WithTags("reports");
        return app;
    }

    /// <param name="period">A month (2026-11) or a quarter (2026-Q4); or leave it out and give <paramref name="from"/> and <paramref name="to"/>, dates both included.</param>
    public static async Task<Results<Ok<PeriodReport>, ProblemHttpResult>> Get(ClaimsPrincipal user, [FromServices] ReportService? reports,
        string? county = null, string? township = null, string? village = null, string? period = null, string? from = null, string? to = null,
        CancellationToken cancellationToken = default)
    {
        var (report, problem) = await CompileAsync(user, reports, county, township, village, period, from, to, cancellationToken);
        return report is not null ? TypedResults.Ok(report) : problem!;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Xlsx(ClaimsPrincipal user, [FromServices] ReportService? reports,
        string? county = null, string? township = null, string? village = null, string? period = null, string? from = null, string? to = null,
        CancellationToken cancellationToken = default)
    {
        var (report, problem) = await CompileAsync(user, reports, county, township, village, period, from, to, cancellationToken);
        return report is not null ? TypedResults.File(ReportExport.Xlsx(report), ReportExport.XlsxType, ReportExport.FileName(report, "xlsx")) : problem!;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Csv(ClaimsPrincipal user, [FromServices] ReportService? reports,
        string? county = null, string? township = null, string? village = null, string? period = null, string? from = null, string? to = null,
        CancellationToken cancellationToken = default)
    {
        var (report, problem) = await CompileAsync(user, reports, county, township, village, period, from, to, cancellationToken);
        return report is not null ? TypedResults.File(ReportExport.Csv(report), "text/csv; charset=utf-8", ReportExport.FileName(report, "csv")) : problem!;
    }

    private static async Task<(PeriodReport? Report, ProblemHttpResult? Problem)> CompileAsync(ClaimsPrincipal user, ReportService? reports,
        string? county, string? township, string? village, string? period, string? from, string? to, CancellationToken cancellationToken)
    {
        if (user.Caller() is not { Role: not AccountRole.Responder } caller) return (null, ApiProblems.Forbidden(township ?? county ?? "reports"));
        ReportScope scope;
        bool allowed;
        if (village is not null)
        {
            if (township is null) return (null, ApiProblems.Invalid("a village is named with its township"));
            scope = ReportScope.Village(township, village);
            allowed = caller.MaySee(township, village);
        }
        else if (township is not null)
        {
            scope = ReportScope.OfTownship(township);
            allowed = caller.MaySee(township) && caller.Cells is null;
        }
        else if (county is not null)
        {
            scope = ReportScope.County(county);
            allowed = caller.Townships is null;
        }
        else return (null, ApiProblems.Invalid("give county, township, or township and village"));

        if (!allowed) return (null, ApiProblems.Forbidden(township ?? county!));
        if (ReportPeriod.Parse(period, from, to, out var error) is not { } p) return (null, ApiProblems.Invalid(error!));
        if (reports is null) return (null, ApiProblems.Unavailable("no history store is configured (a cluster needs History:Postgres)"));
        if (await reports.PlaceAsync(scope) is not { } place) return (null, ApiProblems.NotFound(scope.Key));
        return (await reports.CompileAsync(p, scope, place, cancellationToken), null);
    }
}
