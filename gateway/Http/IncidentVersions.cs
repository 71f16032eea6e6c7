using GridDispatch.Grains.Incidents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace GridDispatch.Gateway.Http;

/// <summary>
/// Optimistic concurrency on incidents: <c>GET</c> answers with <c>ETag: "version"</c>, every action must
/// send it back in <c>If-Match</c>. A stale one gets 412 with the current incident; none gets 428.
/// </summary>
public static class IncidentVersions
{
    public static string ETag(IncidentSnapshot incident) => $"\"{incident.Version}\"";

    public static void Tag(HttpContext http, IncidentSnapshot incident) => http.Response.Headers.ETag = ETag(incident);

    /// <summary>The version the caller saw; <c>*</c> (any) gives null. False if there is none or it is not ours.</summary>
    public static bool TryRead(HttpRequest request, out int? version)
    {
        version = null;
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0) return false;
        if (value == "*") return true;
        if (!EntityTagHeaderValue.TryParse(value, out var tag)) return false;
        if (!int.TryParse(tag.Tag.AsSpan().Trim('"'), out var parsed) || parsed < 0) return false;
        version = parsed;
        return true;
    }

    public static ProblemHttpResult Required(HttpContext http, IncidentSnapshot incident)
    {
        Tag(http, incident);
        return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
            detail: $"send the incident's ETag ({ETag(incident)}) in If-Match, so a change you have not seen is never overwritten");
    }

    /// <summary>412 with the incident as it is now, so the screen can show what changed and the operator decide again.</summary>
    public static ProblemHttpResult Stale(HttpContext http, IncidentSnapshot incident, string? detail)
    {
        Tag(http, incident);
        return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "the incident changed", detail: detail,
            extensions: new Dictionary<string, object?> { ["incident"] = incident, ["version"] = incident.Version });
    }
}
