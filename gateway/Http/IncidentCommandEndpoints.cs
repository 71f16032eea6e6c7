using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

public sealed record TriageRequest(string? Category, IncidentSeverity? Severity, CellLevel? Level, string? Reason);

public sealed record MergeRequest(string? MasterId, string? Reason);

public sealed record ReasonRequest(string? Reason);

public sealed record AssignRequest(string? ResponderId, string? Reason);

public sealed record CoHandlerRequest(string? ResponderId, string? Department, string? Reason);

public sealed record UrgeRequest(string? ResponderId, string? Note);

public sealed record CallBackRequest(bool? Reached, string? Notes);

/// <summary>
/// The command centre's actions on <c>/api/incidents/{id}/…</c> (研判, 并案, 作废, 分办, 改派, 撤回, 协办, 督办,
/// 重办, 回访). Each needs <c>If-Match</c> with the incident's ETag (<see cref="IncidentVersions"/>), is
/// allowed by <see cref="IncidentActions"/>, and is written to the audit log with who, when and why. The
/// incident then changes as any change does: every screen and phone hears of it through the hub.
/// </summary>
public static class IncidentCommandEndpoints
{
    private const int MaxText = 500;

    public static IEndpointRouteBuilder MapIncidentCommands(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents/{id}").RequireAuthorization().WithTags("incidents");
        group.MapPost("/triage", Triage);
        group.MapPost("/merge", Merge);
        group.MapPost("/cancel", Cancel);
        group.MapPost("/assign", Assign);
        group.MapPost("/withdraw", Withdraw);
        group.MapPost("/co-handlers", AddCoHandler);
        group.MapPost("/urge", Urge);
        group.MapPost("/reopen", Reopen);
        group.MapPost("/call-back", CallBack);
        return app;
    }

    public static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Triage(string id, TriageRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit) =>
        TooLong(body.Reason) ?? Act(id, IncidentAction.Triage, http, grains, audit, body.Reason,
            $"{body.Category ?? "-"}/{body.Severity?.ToString() ?? "-"}/{body.Level?.ToString() ?? "-"}",
            (i, by, v) => i.Retriage(by, body.Category, body.Severity, body.Level, body.Reason, v));

    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Merge(string id, MergeRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit)
    {
        if (string.IsNullOrWhiteSpace(body.MasterId) || body.MasterId.Length > 200) return ApiProblems.Invalid("masterId is required");
        if (TooLong(body.Reason) is { } tooLong) return await tooLong;
        // The master must be one the caller may see and command too.
        if (await grains.GetGrain<IIncidentGrain>(body.MasterId).Get() is not { } master) return ApiProblems.NotFound($"incident {body.MasterId}");
        if (http.User.Caller() is not { } caller || !IncidentActions.Allows(caller, master, IncidentAction.Merge)) return ApiProblems.Forbidden(master.Report.Township);
        // One township's merges go through its desk, one at a time (two crossed merges would otherwise wait on each other).
        if (id.Length <= 200 && await grains.GetGrain<IIncidentGrain>(id).Get() is { } duplicate && duplicate.Report.Township != master.Report.Township)
            return ApiProblems.Invalid("only incidents of one township are merged");
        var desk = grains.GetGrain<IMergeDeskGrain>(master.Report.Township);
        return await Act(id, IncidentAction.Merge, http, grains, audit, body.Reason, $"并入 {master.Number ?? master.Id}",
            (_, by, v) => desk.Merge(id, by, body.MasterId, body.Reason, v));
    }

    public static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Cancel(string id, ReasonRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit) =>
        Required(body.Reason, "reason") ?? Act(id, IncidentAction.Cancel, http, grains, audit, body.Reason, null, (i, by, v) => i.Cancel(by, body.Reason!, v));

    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Assign(string id, AssignRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit)
    {
        if (TooLong(body.Reason) is { } tooLong) return await tooLong;
        if (await Responder(body.ResponderId, id, grains) is { } unknown) return unknown;
        return await Act(id, IncidentAction.Assign, http, grains, audit, body.Reason, $"派给 {body.ResponderId}",
            (i, by, v) => i.Assign(by, body.ResponderId!, body.Reason, v));
    }

    public static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Withdraw(string id, ReasonRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit) =>
        TooLong(body.Reason) ?? Act(id, IncidentAction.Withdraw, http, grains, audit, body.Reason, null, (i, by, v) => i.WithdrawFromHolder(by, body.Reason, v));

    /// <summary>协办 by a responder, or by a department: then its duty responder, the first the dispatcher would ask.</summary>
    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> AddCoHandler(
        string id, CoHandlerRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit)
    {
        if (TooLong(body.Reason) is { } tooLong) return await tooLong;
        var responderId = body.ResponderId;
        if (responderId is null && body.Department is { Length: > 0 and <= 128 } department)
        {
            if (await grains.GetGrain<IIncidentGrain>(id).Get() is not { } incident) return ApiProblems.NotFound($"incident {id}");
            var ranked = await grains.GetGrain<IDispatcherGrain>(incident.Report.Township).RankForHand(DispatchRequest.For(incident) with { Category = "other" });
            responderId = ranked.FirstOrDefault(r => r.Responder.Department == department && r.Responder.Status != ResponderStatus.OffDuty)?.Responder.Id
                ?? ranked.FirstOrDefault(r => r.Responder.Department == department)?.Responder.Id;
            if (responderId is null) return ApiProblems.NotFound($"a responder of department {department}");
        }

        if (await Responder(responderId, id, grains) is { } unknown) return unknown;
        return await Act(id, IncidentAction.CoHandle, http, grains, audit, body.Reason, $"协办 {responderId}{(body.Department is null ? "" : $" ({body.Department})")}",
            (i, by, v) => i.AddCoHandler(by, responderId!, body.Department, body.Reason, v));
    }

    public static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Urge(string id, UrgeRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit) =>
        TooLong(body.Note) ?? Act(id, IncidentAction.Urge, http, grains, audit, body.Note, body.ResponderId is null ? null : $"督办 {body.ResponderId}",
            (i, by, v) => i.Urge(by, body.ResponderId, body.Note, v));

    public static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Reopen(string id, ReasonRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit) =>
        Required(body.Reason, "reason") ?? Act(id, IncidentAction.Reopen, http, grains, audit, body.Reason, null, (i, by, v) => i.Reopen(by, body.Reason!, v));

    public static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> CallBack(string id, CallBackRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit) =>
        body.Reached is not { } reached ? Task.FromResult<Results<Ok<IncidentSnapshot>, ProblemHttpResult>>(ApiProblems.Invalid("reached (true or false) is required"))
        : TooLong(body.Notes) ?? Act(id, IncidentAction.CallBack, http, grains, audit, body.Notes, reached ? "已接通" : "未接通",
            (i, by, v) => i.RecordCallBack(by, reached, body.Notes, v));

    /// <summary>
    /// The common path: the incident exists (404), the caller may take this action on it (403), the caller
    /// says which version they saw (428 unless <paramref name="versionOptional"/>), the grain applies it
    /// (412 stale, 409 not now, 400 invalid), the audit log records it, the answer carries the new ETag.
    /// </summary>
    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Act(
        string id, IncidentAction action, HttpContext http, IGrainFactory grains, AuditRecorder audit, string? reason, string? detail,
        Func<IIncidentGrain, string, int?, Task<IncidentResult>> command, bool versionOptional = false)
    {
        var grain = grains.GetGrain<IIncidentGrain>(id);
        if (id.Length > 200 || await grain.Get() is not { } incident) return ApiProblems.NotFound($"incident {id}");
        if (http.User.Caller() is not { } caller || !IncidentActions.Allows(caller, incident, action)) return ApiProblems.Forbidden(incident.Report.Township);
        if (!IncidentVersions.TryRead(http.Request, out var version))
        {
            if (!versionOptional || http.Request.Headers.IfMatch.Count > 0) return IncidentVersions.Required(http, incident);
        }

        var result = await command(grain, caller.Name, version);
        switch (result)
        {
            case { Ok: true, Incident: { } changed }:
                await audit.RecordAsync(caller, changed.Report.Township, IncidentActions.AuditKind(action), id, reason, detail);
                IncidentVersions.Tag(http, changed);
                return TypedResults.Ok(changed);
            case { Error: IncidentError.Stale, Incident: { } current }:
                return IncidentVersions.Stale(http, current, result.Message);
            case { Error: IncidentError.NotFound }:
                return ApiProblems.NotFound(result.Message ?? $"incident {id}");
            case { Error: IncidentError.InvalidArgument }:
                return ApiProblems.Invalid(result.Message ?? "invalid");
            default:
                if (result.Incident is { } now) IncidentVersions.Tag(http, now);
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "not possible now", detail: result.Message,
                    extensions: new Dictionary<string, object?> { ["incident"] = result.Incident, ["version"] = result.Incident?.Version });
        }
    }

    /// <summary>The chosen responder exists and is of the incident's township.</summary>
    private static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>?> Responder(string? responderId, string incidentId, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(responderId) || responderId.Length > 128) return ApiProblems.Invalid("responderId (or department) is required");
        if (await grains.GetGrain<IResponderGrain>(responderId).GetSnapshot() is not { } responder) return ApiProblems.NotFound($"responder {responderId}");
        var township = (await grains.GetGrain<IIncidentGrain>(incidentId).Get())?.Report.Township;
        if (township is not null && responder.Profile.Township != township) return ApiProblems.Invalid($"{responderId} is not of {township}");
        return null;
    }

    private static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>>? TooLong(string? text) =>
        text is { Length: > MaxText } ? Task.FromResult<Results<Ok<IncidentSnapshot>, ProblemHttpResult>>(ApiProblems.Invalid($"at most {MaxText} characters")) : null;

    private static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>>? Required(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? Task.FromResult<Results<Ok<IncidentSnapshot>, ProblemHttpResult>>(ApiProblems.Invalid($"{name} is required")) : TooLong(text);
}
