using GridDispatch.Identity;
using System.Security.Claims;
using GridDispatch.Gateway.Whistles;
using GridDispatch.Grains.Incidents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary>The MQTT whistle's fields, plus where: the township and the cell.</summary>
public sealed record WhistleRequest(
    string? Township, string? CellId, string? WhistleId, string? By, string? Category, string? Severity, string? Text, double? Lat, double? Lon, long? Ts, string? Photo = null);

/// <summary>
/// <c>POST /api/whistles</c>: 吹哨. The same whistle again is the same incident (200 the second time); another whistle
/// under a used id is 409; too many new whistles from one reporter, 429 with Retry-After. The reporter is the caller.
/// </summary>
public static class WhistleEndpoints
{
    public static IEndpointRouteBuilder MapWhistles(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/whistles", Blow).RequireAuthorization().WithTags("incidents");
        return app;
    }

    public static async Task<Results<Created<IncidentSnapshot>, Ok<IncidentSnapshot>, ProblemHttpResult>> Blow(
        WhistleRequest w, ClaimsPrincipal user, WhistleIntake whistles, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        if (string.IsNullOrEmpty(w.Township) || string.IsNullOrEmpty(w.CellId)) return ApiProblems.Invalid("township and cellId are required");
        if (user.Caller() is not { } caller || !caller.MayWhistle(w.Township, w.CellId)) return ApiProblems.Forbidden($"{w.Township}/{w.CellId}");
        (string ContentType, byte[] Bytes)? photo = null;
        if (w.Photo is not null && (photo = PhotoDataUrl.Parse(w.Photo, out var photoProblem)) is null) return ApiProblems.Invalid(photoProblem!);
        var outcome = await whistles.BlowAsync(
            new WhistleInput(w.Township, w.CellId, w.WhistleId, w.By, w.Category, w.Severity, w.Text, w.Lat, w.Lon, w.Ts), caller.PersonId ?? caller.Name);
        if (outcome.Incident is not { } incident)
        {
            if (outcome.RetryAfter is { } retry) http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return outcome.Refusal switch
            {
                WhistleRefusal.Conflict => ApiProblems.Conflict(outcome.Problem!),
                WhistleRefusal.TooMany => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too many requests", detail: outcome.Problem),
                _ => ApiProblems.Invalid(outcome.Problem!),
            };
        }

        // Saved before the answer, like the whistle itself; a re-sent whistle keeps the first photo.
        if (photo is { } p) await grains.GetGrain<IIncidentPhotoGrain>(incident.Id).Attach(new IncidentPhoto(p.ContentType, p.Bytes, user.Identity?.Name ?? "?", time.GetUtcNow()));
        return outcome.Duplicate ? TypedResults.Ok(incident) : TypedResults.Created($"/api/incidents/{incident.Id}", incident);
    }
}
