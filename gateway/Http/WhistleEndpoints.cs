using GridDispatch.Gateway.Identity;
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

/// <summary><c>POST /api/whistles</c>: 吹哨. The same whistle id twice is the same incident (200 the second time).</summary>
public static class WhistleEndpoints
{
    public static IEndpointRouteBuilder MapWhistles(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/whistles", Blow).RequireAuthorization().WithTags("incidents");
        return app;
    }

    public static async Task<Results<Created<IncidentSnapshot>, Ok<IncidentSnapshot>, ProblemHttpResult>> Blow(
        WhistleRequest w, ClaimsPrincipal user, WhistleIntake whistles, IGrainFactory grains, TimeProvider time)
    {
        if (string.IsNullOrEmpty(w.Township) || string.IsNullOrEmpty(w.CellId)) return ApiProblems.Invalid("township and cellId are required");
        if (user.Caller()?.MayWhistle(w.Township, w.CellId) != true) return ApiProblems.Forbidden($"{w.Township}/{w.CellId}");
        (string ContentType, byte[] Bytes)? photo = null;
        if (w.Photo is not null && (photo = PhotoDataUrl.Parse(w.Photo, out var photoProblem)) is null) return ApiProblems.Invalid(photoProblem!);
        var outcome = await whistles.BlowAsync(
            new WhistleInput(w.Township, w.CellId, w.WhistleId, w.By, w.Category, w.Severity, w.Text, w.Lat, w.Lon, w.Ts), user.Identity?.Name ?? "?");
        if (outcome.Incident is not { } incident) return ApiProblems.Invalid(outcome.Problem!);
        // Saved before the answer, like the whistle itself; a re-sent whistle keeps the first photo.
        if (photo is { } p) await grains.GetGrain<IIncidentPhotoGrain>(incident.Id).Attach(new IncidentPhoto(p.ContentType, p.Bytes, user.Identity?.Name ?? "?", time.GetUtcNow()));
        return outcome.Duplicate ? TypedResults.Ok(incident) : TypedResults.Created($"/api/incidents/{incident.Id}", incident);
    }
}
