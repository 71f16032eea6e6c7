using GridDispatch.Identity;
using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Incidents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

public sealed record CloseRequest(int Satisfaction);

/// <summary>
/// <c>/api/incidents</c>: lists by township and status (or finds one by its 受理编号, <c>number</c>), one incident with its timeline, 销号 with the reporter's 满意度.
/// A responder sees only their own work orders' incidents.
/// </summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").RequireAuthorization().WithTags("incidents");
        group.MapGet("/", List);
        group.MapGet("/{id}", Detail);
        group.MapGet("/{id}/photo", GetPhoto);
        group.MapGet("/{id}/photos", ListPhotos);
        group.MapGet("/{id}/photos/{index:int}", GetPhotoAt);
        group.MapGet("/{id}/candidates", Candidates);
        group.MapGet("/{id}/reporter", ReporterContacts.Get);
        group.MapPost("/{id}/close", Close);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<IncidentListItem>>, ProblemHttpResult>> List(
        string? township, string? status, int? limit, ClaimsPrincipal user, IGrainFactory grains, string? number = null, string? reportedBy = null)
    {
        if (string.IsNullOrEmpty(township)) return ApiProblems.Invalid("township is required");
        if (!user.MaySee(township)) return ApiProblems.Forbidden(township);
        IncidentStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<IncidentStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return ApiProblems.Invalid($"status must be one of {string.Join(", ", Enum.GetNames<IncidentStatus>())}");
            filter = parsed;
        }

        if (reportedBy is not null && reportedBy != "me") return ApiProblems.Invalid("reportedBy may only be me");
        var list = await grains.GetGrain<IIncidentIndexGrain>(township).List(filter, number is null && reportedBy is null ? limit ?? 200 : 1000);
        // 我的吹哨: what the caller reported themselves, newest first.
        if (reportedBy is not null && user.Caller() is { } me)
            list = [.. list.Where(i => i.ReportedBy is not null && (i.ReportedBy == me.PersonId || i.ReportedBy == me.Name)).Take(limit ?? 200)];
        // 受理编号 as read over the phone: spaces and a full-width dash are forgiven.
        if (number is not null)
        {
            var wanted = number.Replace(" ", "", StringComparison.Ordinal).Replace('－', '-').Replace('—', '-');
            list = [.. list.Where(i => string.Equals(i.Number, wanted, StringComparison.OrdinalIgnoreCase))];
        }

        // A village user or grid leader sees only the incidents of their own cells; a responder only those assigned to them.
        var caller = user.Caller()!;
        IReadOnlyList<IncidentListItem> visible = caller switch
        {
            { Role: Grains.Accounts.AccountRole.Responder } => [.. list.Where(i => i.ResponderId is not null && i.ResponderId == caller.PersonId)],
            { Cells: null } => list,
            _ => [.. list.Where(i => caller.MaySee(township, i.Cell))],
        };
        return TypedResults.Ok(visible);
    }

    /// <summary>
    /// 销号: the grid leader or the command centre, having called the reporter back (回访), closes a resolved incident
    /// with their satisfaction (1–5). The responder who did the work may not rate it. If-Match is checked when sent
    /// (the phone-era callers send none); the screen always sends it.
    /// </summary>
    public static Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Close(string id, CloseRequest body, HttpContext http, IGrainFactory grains, AuditRecorder audit) =>
        body.Satisfaction is < 1 or > 5
            ? Task.FromResult<Results<Ok<IncidentSnapshot>, ProblemHttpResult>>(ApiProblems.Invalid("satisfaction must be 1 to 5"))
            : IncidentCommandEndpoints.Act(id, IncidentAction.Close, http, grains, audit, null, $"满意度 {body.Satisfaction}",
                (i, by, v) => i.Close(by, body.Satisfaction, v), versionOptional: true);

    /// <summary>One incident with its <c>ETag</c>, which every action sends back in <c>If-Match</c>.</summary>
    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Detail(string id, HttpContext http, ClaimsPrincipal user, IGrainFactory grains)
    {
        var result = await Get(id, user, grains);
        if (result.Result is Ok<IncidentSnapshot> { Value: { } incident }) IncidentVersions.Tag(http, incident);
        return result;
    }

    /// <summary>分办 by hand: the township's responders as the dispatcher would rank them for this incident, with distance and load.</summary>
    public static async Task<Results<Ok<IReadOnlyList<RankedResponder>>, ProblemHttpResult>> Candidates(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (id.Length > 200 || await grains.GetGrain<IIncidentGrain>(id).Get() is not { } incident) return ApiProblems.NotFound($"incident {id}");
        if (user.Caller() is not { } caller || !IncidentActions.Allows(caller, incident, IncidentAction.Assign)) return ApiProblems.Forbidden(incident.Report.Township);
        return TypedResults.Ok(await grains.GetGrain<IDispatcherGrain>(incident.Report.Township).RankForHand(DispatchRequest.For(incident)));
    }

    /// <summary>The incident's photos in the order they came (whistle, 到场, 处置前, 处置后), without their bytes.</summary>
    public static async Task<Results<Ok<IReadOnlyList<IncidentPhotoInfo>>, ProblemHttpResult>> ListPhotos(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await Get(id, user, grains) is not { Result: Ok<IncidentSnapshot> }) return ApiProblems.NotFound($"incident {id}");
        return TypedResults.Ok(await grains.GetGrain<IIncidentPhotoGrain>(id).List());
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPhotoAt(string id, int index, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await Get(id, user, grains) is not { Result: Ok<IncidentSnapshot> }) return ApiProblems.NotFound($"incident {id}");
        return await grains.GetGrain<IIncidentPhotoGrain>(id).Get(index) is { } photo
            ? TypedResults.File(photo.Bytes, photo.ContentType)
            : ApiProblems.NotFound($"photo {index} of incident {id}");
    }

    /// <summary>The first photo (the whistle's, when it had one).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPhoto(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await Get(id, user, grains) is not { Result: Ok<IncidentSnapshot> }) return ApiProblems.NotFound($"incident {id}");
        return await grains.GetGrain<IIncidentPhotoGrain>(id).Get() is { } photo
            ? TypedResults.File(photo.Bytes, photo.ContentType)
            : ApiProblems.NotFound($"photo of incident {id}");
    }

    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (id.Length > 200 || await grains.GetGrain<IIncidentGrain>(id).Get() is not { } incident) return ApiProblems.NotFound($"incident {id}");
        // The cells' own people, or a responder it is (or was) offered to.
        return user.Caller() is { } caller && (caller.MaySee(incident.Report.Township, incident.Report.Cell) || caller.WorksOn(incident))
            ? TypedResults.Ok(incident)
            : ApiProblems.Forbidden(incident.Report.Township);
    }
}
