using System.Security.Claims;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Identity;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary>The county's figures: the sum of its townships' (县级 = Σ 乡镇), with each township's beside it.</summary>
public sealed record CountySummary(CellFigures Figures, IReadOnlyList<TownshipSummary> Townships);

/// <summary><c>GET /api/county/summary</c>: for the county (县级指挥中心) only.</summary>
public static class CountyEndpoints
{
    public static IEndpointRouteBuilder MapCounty(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/county/summary", GetSummary).RequireAuthorization().WithTags("townships");
        return app;
    }

    public static async Task<Results<Ok<CountySummary>, ProblemHttpResult>> GetSummary(ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        if (user.Caller() is not { Role: AccountRole.County } caller) return ApiProblems.Forbidden("county");
        var townships = (await grains.GetGrain<ITownshipDirectoryGrain>(0).List()).Where(t => caller.MaySee(t.Id));
        var rows = await Task.WhenAll(townships.Select(async t =>
        {
            var info = await grains.GetGrain<ITownshipGrain>(t.Id).GetInfo();
            var figures = (await grains.GetGrain<IGridCellGrain>(CellKeys.Township(t.Id)).GetSummary()).Figures;
            var night = info?.IsNight(time.GetUtcNow()) ?? true;
            return new TownshipSummary(t.Id, t.Name, info?.County, figures, await grains.GetGrain<ITownshipGrain>(t.Id).GetMode(), LitRate.Of(figures, night), info?.Centre);
        }));
        var total = rows.Aggregate(CellFigures.Zero, (sum, t) => sum + t.Figures);
        return TypedResults.Ok(new CountySummary(total, rows));
    }
}
