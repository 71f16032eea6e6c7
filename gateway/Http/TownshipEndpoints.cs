using GridDispatch.Gateway.Audit;
using GridDispatch.Identity;
using System.Security.Claims;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Topology;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using GridDispatch.Gateway.TimeSeries;

namespace GridDispatch.Gateway.Http;

/// <param name="Lighting">亮灯率 against the lamps due to be lit now (应亮灯), from the township's dusk and dawn.</param>
public sealed record TownshipSummary(string Id, string Name, string? County, CellFigures Figures, ModeSnapshot Mode, LitRate Lighting, GeoPoint? Centre = null);

public sealed record CellRow(string Id, string Key, string Name, CellLevel Level, string? Parent, string? Leader, int Households);

public sealed record CheckInRequest(string? AffiliateId);

public sealed record HistoryReply(string Metric, IReadOnlyList<double[]> Points);

public sealed record ModeRequest(TownshipMode? Mode, string? Reason);

/// <summary><c>/api/townships/{id}</c>: summary, the grid tree, normal/emergency mode.</summary>
public static class TownshipEndpoints
{
    public static IEndpointRouteBuilder MapTownships(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/townships/{id}").RequireAuthorization().WithTags("townships");
        group.MapGet("/summary", GetSummary);
        group.MapGet("/cells", GetCells);
        group.MapPost("/mode", SetMode);
        group.MapGet("/history", GetHistory);
        group.MapPost("/check-in", CheckIn);
        return app;
    }

    public static async Task<Results<Ok<TownshipSummary>, ProblemHttpResult>> GetSummary(string id, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        if (!MaySeeFigures(user, id)) return ApiProblems.Forbidden(id);
        if (await grains.GetGrain<ITownshipGrain>(id).GetInfo() is not { } info) return ApiProblems.NotFound($"township {id}");
        var figures = (await grains.GetGrain<IGridCellGrain>(CellKeys.Township(id)).GetSummary()).Figures;
        var mode = await grains.GetGrain<ITownshipGrain>(id).GetMode();
        return TypedResults.Ok(new TownshipSummary(info.Id, info.Name, info.County, figures, mode, LitRate.Of(figures, info.IsNight(time.GetUtcNow())), info.Centre));
    }

    public static async Task<Results<Ok<IReadOnlyList<CellRow>>, ProblemHttpResult>> GetCells(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.MaySee(id)) return ApiProblems.Forbidden(id);
        if (await grains.GetGrain<ITownshipGrain>(id).GetInfo() is not { } info) return ApiProblems.NotFound($"township {id}");
        IReadOnlyList<CellRow> rows = [.. info.CellTree.Select(c => new CellRow(c.CellId, c.Key, c.Name, c.Level,
            c.ParentKey is { } p ? CellKeys.Split(p).CellId : null, c.LeaderName, c.Households))];
        return TypedResults.Ok(rows);
    }

    /// <summary>A chart's series: <c>[[unixMs, value], …]</c> per minute, for lit, faulty or offline lamps or open incidents.</summary>
    public static Results<Ok<HistoryReply>, ProblemHttpResult> GetHistory(string id, string? metric, int? minutes, ClaimsPrincipal user, RecentHistory history)
    {
        if (!MaySeeFigures(user, id)) return ApiProblems.Forbidden(id);
        metric ??= "lit";
        if (!RecentHistory.Metrics.Contains(metric)) return ApiProblems.Invalid($"metric must be one of {string.Join(", ", RecentHistory.Metrics)}");
        if (minutes is < 1 or > 1440) return ApiProblems.Invalid("minutes must be 1 to 1440");
        var points = history.Read(id, metric, TimeSpan.FromMinutes(minutes ?? 60));
        return TypedResults.Ok(new HistoryReply(metric, [.. points.Select(p => new[] { p.At.ToUnixTimeMilliseconds(), p.Value })]));
    }

    /// <summary>The township's figures are the command centre's and its villages' and leaders': a responder sees their own work.</summary>
    private static bool MaySeeFigures(ClaimsPrincipal user, string township) =>
        user.Caller() is { Role: not AccountRole.Responder } caller && caller.MaySee(township);

    /// <summary>报到 in an emergency: a responder for themselves; the township's command centre for anyone called (a department).</summary>
    public static async Task<Results<Ok<ModeSnapshot>, ProblemHttpResult>> CheckIn(string id, CheckInRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (user.Caller() is not { } caller || !caller.MaySee(id)) return ApiProblems.Forbidden(id);
        var who = request.AffiliateId ?? caller.PersonId;
        if (who is null) return ApiProblems.Invalid("affiliateId is required");
        if (who != caller.PersonId && !caller.MayCommand) return ApiProblems.Forbidden(id);
        var township = grains.GetGrain<ITownshipGrain>(id);
        return await township.CheckIn(who)
            ? TypedResults.Ok(await township.GetMode())
            : ApiProblems.Conflict($"{who} was not called to report, or {id} is not in emergency mode");
    }

    public static async Task<Results<Ok<ModeSnapshot>, ProblemHttpResult>> SetMode(string id, ModeRequest request, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (user.Caller() is not { MayCommand: true } caller || !caller.MaySee(id)) return ApiProblems.Forbidden(id);
        if (request.Mode is not { } mode || !Enum.IsDefined(mode)) return ApiProblems.Invalid("mode must be Normal or Emergency");
        if (await grains.GetGrain<ITownshipGrain>(id).GetInfo() is null) return ApiProblems.NotFound($"township {id}");
        var snapshot = await grains.GetGrain<ITownshipGrain>(id).SetMode(mode, user.Identity?.Name ?? "?", request.Reason);
        await audit.RecordAsync(caller, id, "township.mode", id, request.Reason, mode.ToString());
        return TypedResults.Ok(snapshot);
    }
}
