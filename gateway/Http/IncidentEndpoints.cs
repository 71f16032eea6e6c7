using System.Security.Claims;
using GridDispatch.Grains.Incidents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary><c>/api/incidents</c>: lists by township and status, one incident with its timeline.</summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").RequireAuthorization().WithTags("incidents");
        group.MapGet("/", List);
        group.MapGet("/{id}", Get);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<IncidentListItem>>, ProblemHttpResult>> List(
        string? township, string? status, int? limit, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(township)) return ApiProblems.Invalid("township is required");
        if (!CommandCentreUsers.InScope(user, township)) return ApiProblems.Forbidden(township);
        IncidentStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<IncidentStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return ApiProblems.Invalid($"status must be one of {string.Join(", ", Enum.GetNames<IncidentStatus>())}");
            filter = parsed;
        }

        return TypedResults.Ok(await grains.GetGrain<IIncidentIndexGrain>(township).List(filter, limit ?? 200));
    }

    public static async Task<Results<Ok<IncidentSnapshot>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (id.Length > 200 || await grains.GetGrain<IIncidentGrain>(id).Get() is not { } incident) return ApiProblems.NotFound($"incident {id}");
        return CommandCentreUsers.InScope(user, incident.Report.Township) ? TypedResults.Ok(incident) : ApiProblems.Forbidden(incident.Report.Township);
    }
}
