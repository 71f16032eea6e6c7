using System.Security.Claims;
using GridDispatch.Grains.Incidents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary>The MQTT whistle's fields, plus where: the township and the cell.</summary>
public sealed record WhistleRequest(
    string? Township, string? CellId, string? WhistleId, string? By, string? Category, string? Severity, string? Text, double? Lat, double? Lon, long? Ts);

/// <summary><c>POST /api/whistles</c>: 吹哨. The same whistle id twice is the same incident (200 the second time).</summary>
public static class WhistleEndpoints
{
    public static IEndpointRouteBuilder MapWhistles(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/whistles", Blow).RequireAuthorization().WithTags("incidents");
        return app;
    }

    public static async Task<Results<Created<IncidentSnapshot>, Ok<IncidentSnapshot>, ProblemHttpResult>> Blow(
        WhistleRequest w, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        if (string.IsNullOrEmpty(w.Township) || string.IsNullOrEmpty(w.CellId)) return ApiProblems.Invalid("township and cellId are required");
        if (!CommandCentreUsers.InScope(user, w.Township)) return ApiProblems.Forbidden(w.Township);
        if (!IncidentIds.IsValidSourceId(w.WhistleId)) return ApiProblems.Invalid("whistleId must be 1-64 of A-Z a-z 0-9 - _ .");
        if (!Enum.TryParse<IncidentSeverity>(w.Severity, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
            return ApiProblems.Invalid("severity must be micro, minor, major or emergency");

        var id = IncidentIds.For(w.Township, IncidentSource.Whistle, w.WhistleId!);
        var incident = grains.GetGrain<IIncidentGrain>(id);
        var existed = await incident.Get() is not null;
        var result = await incident.Open(new IncidentReport
        {
            Township = w.Township, Source = IncidentSource.Whistle, SourceId = w.WhistleId!, Category = w.Category ?? "",
            Severity = severity, Cell = w.CellId, Text = w.Text ?? "", Lat = w.Lat, Lon = w.Lon, ReportedBy = w.By ?? user.Identity?.Name ?? "?",
            ReportedAt = w.Ts is { } ts ? DateTimeOffset.FromUnixTimeMilliseconds(ts) : time.GetUtcNow(),
        });
        if (!result.Ok) return ApiProblems.Invalid(result.Message ?? "refused");
        return existed ? TypedResults.Ok(result.Incident!) : TypedResults.Created($"/api/incidents/{id}", result.Incident!);
    }
}
