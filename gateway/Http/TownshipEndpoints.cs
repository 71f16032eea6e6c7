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

using GridDispatch.Gateway.History;
using Microsoft.AspNetCore.Mvc;

namespace GridDispatch.Gateway.Http;

/// <param name="Lighting">亮灯率 against the lamps due to be lit now (应亮灯), from the township's dusk and dawn.</param>
public sealed record TownshipSummary(string Id, string Name, string? County, CellFigures Figures, ModeSnapshot Mode, LitRate Lighting, GeoPoint? Centre = null);

public sealed record CellRow(string Id, string Key, string Name, CellLevel Level, string? Parent, string? Leader, int Households);

public sealed record CheckInRequest(string? AffiliateId);

/// <param name="Points"><c>[unixMs, value]</c> per minute (windows up to a day) or per hour (the hour's mean).</param>
/// <param name="Since">When the history began (Unix ms): nothing is recorded before it.</param>
public sealed record HistoryReply(string Metric, IReadOnlyList<double[]> Points, long Since, HistoryResolution Resolution);

/// <param name="Villages">The villages the emergency affects (their ids); none: the whole township. What 应急照明 lights when so configured.</param>
public sealed record ModeRequest(TownshipMode? Mode, string? Reason, IReadOnlyList<string>? Villages = null);

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

    public static readonly IReadOnlyList<string> HistoryMetrics = ["lit", "faulty", "offline", "incidents"];

    /// <summary>Longest window a chart may ask for: the hours' retention by default.</summary>
    public const int MaxHistoryMinutes = 731 * 24 * 60;

    /// <summary>
    /// A chart's series from the history store, for lit, faulty or offline lamps or open incidents, of the township
    /// or one of its villages: per minute up to a day, beyond that per hour.
    /// </summary>
    public static async Task<Results<Ok<HistoryReply>, ProblemHttpResult>> GetHistory(string id, string? metric, int? minutes, string? village,
        ClaimsPrincipal user, [FromServices] IHistoryStore? history, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MaySeeFigures(user, id)) return ApiProblems.Forbidden(id);
        metric ??= "lit";
        if (!HistoryMetrics.Contains(metric)) return ApiProblems.Invalid($"metric must be one of {string.Join(", ", HistoryMetrics)}");
        if (minutes is < 1 or > MaxHistoryMinutes) return ApiProblems.Invalid($"minutes must be 1 to {MaxHistoryMinutes}");
        if (history is null) return ApiProblems.Unavailable("no history store is configured (a cluster needs History:Postgres)");
        var window = TimeSpan.FromMinutes(minutes ?? 60);
        var resolution = window <= TimeSpan.FromDays(1) ? HistoryResolution.Minute : HistoryResolution.Hour;
        var now = time.GetUtcNow();
        var points = await history.ReadFiguresAsync(id, village, now - window, now.AddMinutes(1), resolution, cancellationToken);
        var since = await history.StartedAtAsync(cancellationToken);
        return TypedResults.Ok(new HistoryReply(metric, [.. points.Select(p => new[] { p.At.ToUnixTimeMilliseconds(), Value(p, metric) })],
            since.ToUnixTimeMilliseconds(), resolution));
    }

    private static double Value(FigurePoint p, string metric) => metric switch
    {
        "lit" => p.Lit,
        "faulty" => p.Faulty,
        "offline" => p.Offline,
        _ => p.OpenIncidents,
    };

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
        if (await grains.GetGrain<ITownshipGrain>(id).GetInfo() is not { } info) return ApiProblems.NotFound($"township {id}");
        var villages = request.Villages ?? [];
        var known = info.CellTree.Where(c => c.Level == CellLevel.Village).Select(c => c.CellId).ToHashSet(StringComparer.Ordinal);
        if (villages.FirstOrDefault(v => !known.Contains(v)) is { } unknown) return ApiProblems.Invalid($"{unknown} is not a village of {id}");
        if (villages.Count > 0 && mode != TownshipMode.Emergency) return ApiProblems.Invalid("only an emergency names villages");
        // The banner names the office, not its login.
        var snapshot = await grains.GetGrain<ITownshipGrain>(id).SetMode(mode, caller.DisplayName, request.Reason, villages);
        // The lamps' part of the switch is audited with it: 应急照明 100%: 全镇, or the schedules restored.
        await audit.RecordAsync(caller, id, "township.mode", id, request.Reason, snapshot.Lighting is { } lighting ? $"{mode}; {lighting}" : mode.ToString());
        return TypedResults.Ok(snapshot);
    }
}
