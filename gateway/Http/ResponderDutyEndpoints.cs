using System.Globalization;
using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Gateway.Handhelds;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

public sealed record DutyRequest(bool? OnDuty, string? RequestId);

public sealed record PositionRequest(double? Lat, double? Lon, string? RequestId);

/// <summary>What a responder's phone shows of them: id, status (OffDuty, Available, …), work orders held, where.</summary>
public sealed record ResponderStatusReply(string Id, string Status, int Load, double? Lat, double? Lon);

/// <summary>
/// The responder's own state from the phone page: <c>POST /api/responders/{id}/duty</c> (上班 / 下班, audited) and
/// <c>POST /api/responders/{id}/position</c> (赶往现场, at most one per <see cref="HandheldOptions.PositionInterval"/>:
/// sooner is 429 with Retry-After, and counted). Scoped as the work orders are.
/// </summary>
public static class ResponderDutyEndpoints
{
    public static IEndpointRouteBuilder MapResponderDuty(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/responders/{id}").RequireAuthorization().WithTags("responders");
        group.MapPost("/duty", Duty);
        group.MapPost("/position", Position);
        return app;
    }

    public static async Task<Results<Ok<ResponderStatusReply>, ProblemHttpResult>> Duty(
        string id, DutyRequest body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (body.OnDuty is not { } onDuty) return ApiProblems.Invalid("onDuty (true: 上班, false: 下班) is required");
        if (HandheldRequestIds.Problem(body.RequestId) is { } bad) return ApiProblems.Invalid(bad);
        if (await ResponderEndpoints.Allowed(id, user, grains) is { } problem) return problem;
        var answer = await grains.GetGrain<IResponderGrain>(id).SetDuty(onDuty);
        if (answer.Responder is not { } responder) return Refused(answer, null);
        await audit.RecordAsync(user.Caller(), responder.Profile.Township, "responder.duty", id, null, onDuty ? "上班" : "下班",
            HandheldRequestIds.AuditId(id, "duty", body.RequestId));
        return TypedResults.Ok(State(responder));
    }

    public static async Task<Results<Ok<ResponderStatusReply>, ProblemHttpResult>> Position(
        string id, PositionRequest body, ClaimsPrincipal user, IGrainFactory grains, HttpContext http)
    {
        if (body.Lat is not { } lat || body.Lon is not { } lon) return ApiProblems.Invalid("lat and lon are required");
        if (HandheldRequestIds.Problem(body.RequestId) is { } bad) return ApiProblems.Invalid(bad);
        if (await ResponderEndpoints.Allowed(id, user, grains) is { } problem) return problem;
        var answer = await PositionReports.ReportAsync(grains.GetGrain<IResponderGrain>(id), lat, lon);
        return answer.Responder is { } responder ? TypedResults.Ok(State(responder)) : Refused(answer, http);
    }

    private static ResponderStatusReply State(ResponderSnapshot r) => new(r.Card.Id, r.Card.Status.ToString(), r.Card.Load, r.Card.Lat, r.Card.Lon);

    private static ProblemHttpResult Refused(ResponderAnswer answer, HttpContext? http)
    {
        if (answer.RetryAfter is { } wait && http is not null)
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return answer.Refusal switch
        {
            ResponderRefusal.NotFound => ApiProblems.NotFound(answer.Message ?? "responder"),
            ResponderRefusal.InvalidArgument => ApiProblems.Invalid(answer.Message ?? "invalid"),
            ResponderRefusal.TooSoon => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too many requests", detail: answer.Message),
            _ => ApiProblems.Conflict(answer.Message ?? "not possible now"),
        };
    }
}
