using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Gateway.Handhelds;
using GridDispatch.Identity;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Incidents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Http;

/// <param name="Reason">拒单 reason, required: 车辆故障, 不在辖区, 缺少工具材料, 身体不适, or the responder's own words.</param>
/// <param name="RequestId">The phone's idempotency id for this action (see <see cref="HandheldRequestIds"/>).</param>
public sealed record DeclineRequest(string? Reason, string? RequestId);

/// <summary>
/// <c>/api/responders/{id}/work-orders</c>: 我的工单 for the phone page, the same steps as gRPC's Responders
/// service (接单 / 拒单 / 到场 / 完成). A responder acts only as themselves; the township's command centre may act for them.
/// A decline hands the order straight back to dispatch, which never offers it to the decliner again.
/// </summary>
public static class ResponderEndpoints
{
    public static IEndpointRouteBuilder MapResponders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/responders/{id}/work-orders").RequireAuthorization().WithTags("responders");
        group.MapGet("/", List);
        group.MapPost("/{incidentId}/acknowledge", (string id, string incidentId, ClaimsPrincipal user, IGrainFactory grains) =>
            Act(id, user, grains, r => r.Acknowledge(incidentId)));
        group.MapPost("/{incidentId}/arrive", Arrive);
        group.MapPost("/{incidentId}/decline", Decline);
        group.MapPost("/{incidentId}/resolve", Resolve);
        app.MapResponderDuty();
        return app;
    }

    /// <summary>拒单, audited once per request id: the incident re-dispatches at once; a repeat of the same decline answers the same.</summary>
    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Decline(
        string id, string incidentId, DeclineRequest body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 200) return ApiProblems.Invalid("reason is required (at most 200 characters)");
        if (HandheldRequestIds.Problem(body.RequestId) is { } bad) return ApiProblems.Invalid(bad);
        var answer = await Act(id, user, grains, r => r.Decline(incidentId, reason));
        if (answer.Result is Ok<IncidentSnapshot> { Value: { } incident })
            await audit.RecordAsync(user.Caller(), incident.Report.Township, "incident.decline", incidentId, reason, $"{id} 拒单",
                HandheldRequestIds.AuditId(id, "decline", body.RequestId));
        return answer;
    }

    /// <summary>到场, with a photo if the phone sent one; the photo is saved once the step is taken.</summary>
    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Arrive(
        string id, string incidentId, ArriveRequest? body, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        if (!WorkOrderPhotos.TryParse(body?.Photo, PhotoKind.Arrival, id, time, out var photo, out var bad)) return bad!;
        var answer = await Act(id, user, grains, r => r.Arrive(incidentId));
        if (answer.Result is Ok<IncidentSnapshot>) await WorkOrderPhotos.Save(grains, incidentId, photo);
        return answer;
    }

    /// <summary>完成 with a note and 处置前/处置后 photos; a lamp work order from the responder's phone needs the 处置后 one.</summary>
    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Resolve(
        string id, string incidentId, ResolveRequest? body, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time, IOptions<HandheldOptions> options)
    {
        if (!WorkOrderPhotos.TryParse(body?.Before, PhotoKind.Before, id, time, out var before, out var bad)
            || !WorkOrderPhotos.TryParse(body?.After, PhotoKind.After, id, time, out var after, out bad)) return bad!;
        if (await Allowed(id, user, grains) is { } problem) return problem;
        if (after is null && await WorkOrderPhotos.MissingAfterPhoto(incidentId, user, grains, options.Value) is { } missing) return missing;
        var answer = await Act(id, user, grains, r => r.Resolve(incidentId, body?.Note));
        if (answer.Result is Ok<IncidentSnapshot>) await WorkOrderPhotos.Save(grains, incidentId, before, after);
        return answer;
    }

    public static async Task<Results<Ok<IReadOnlyList<WorkOrder>>, ProblemHttpResult>> List(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await Allowed(id, user, grains) is { } problem) return problem;
        var snapshot = await grains.GetGrain<IResponderGrain>(id).GetSnapshot();
        return TypedResults.Ok(snapshot!.WorkOrders);
    }

    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Act(
        string id, ClaimsPrincipal user, IGrainFactory grains, Func<IResponderGrain, Task<IncidentResult>> step)
    {
        if (await Allowed(id, user, grains) is { } problem) return problem;
        var result = await step(grains.GetGrain<IResponderGrain>(id));
        return result switch
        {
            { Ok: true, Incident: { } incident } => TypedResults.Ok(incident),
            { Error: IncidentError.NotFound } => ApiProblems.NotFound(result.Message ?? "incident"),
            { Error: IncidentError.NotAssigned } => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "not your work order", detail: result.Message),
            { Error: IncidentError.InvalidArgument } => ApiProblems.Invalid(result.Message ?? "invalid"),
            _ => ApiProblems.Conflict(result.Message ?? "not possible now"),
        };
    }

    /// <summary>Null if the caller may act as responder <paramref name="id"/> (themselves, or their township's command centre).</summary>
    internal static async Task<ProblemHttpResult?> Allowed(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (id.Length > 128 || await grains.GetGrain<IResponderGrain>(id).GetSnapshot() is not { } responder) return ApiProblems.NotFound($"responder {id}");
        return user.Caller() is { } caller && caller.MayActAsResponder(id) && caller.MaySee(responder.Profile.Township)
            ? null
            : ApiProblems.Forbidden(responder.Profile.Township);
    }
}
