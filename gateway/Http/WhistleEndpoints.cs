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
/// <param name="Photo">One photo as a data URL (the first phone pages sent one).</param>
/// <param name="Photos">Up to 3 photos as data URLs, after <paramref name="Photo"/>; they share the whistle's place (Lat, Lon).</param>
public sealed record WhistleRequest(
    string? Township, string? CellId, string? WhistleId, string? By, string? Category, string? Severity, string? Text, double? Lat, double? Lon, long? Ts,
    string? Photo = null, IReadOnlyList<string>? Photos = null);

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
        var dataUrls = (w.Photo is null ? [] : new[] { w.Photo }).Concat(w.Photos ?? []).ToList();
        if (dataUrls.Count > IncidentPhotoGrain.MaxPerKind) return ApiProblems.Invalid($"at most {IncidentPhotoGrain.MaxPerKind} photos");
        List<IncidentPhoto> photos = [];
        foreach (var dataUrl in dataUrls)
        {
            if (PhotoDataUrl.Parse(dataUrl, out var photoProblem) is not { } p) return ApiProblems.Invalid(photoProblem!);
            photos.Add(new IncidentPhoto(p.ContentType, p.Bytes, user.Identity?.Name ?? "?", time.GetUtcNow()));
        }

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

        // Saved before the answer, like the whistle itself; a re-sent whistle keeps the first one's photos.
        if (photos.Count > 0) await grains.GetGrain<IIncidentPhotoGrain>(incident.Id).Attach(PhotoKind.Whistle, photos);
        return outcome.Duplicate ? TypedResults.Ok(incident) : TypedResults.Created($"/api/incidents/{incident.Id}", incident);
    }
}
