using System.Globalization;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.Http;

namespace GridDispatch.Gateway.Open311;

/// <summary>
/// <c>GET /open311/v2/requests.json</c>: a township's 12345 requests, newest first, filtered as GeoReport v2 says:
/// <c>jurisdiction_id</c> (required), <c>service_request_id</c> (comma-separated; the other filters are then
/// ignored), <c>service_code</c> (comma-separated), <c>status</c> (<c>open</c>, <c>closed</c> or both),
/// <c>start_date</c> / <c>end_date</c> (W3C date-times on the request's time; without them the last 90 days).
/// At most 1,000, from the township's incident list (every open incident and the recent finished ones).
/// </summary>
public static class Open311RequestList
{
    public const int MaxResults = 1000;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    public static async Task<IResult> List(HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var query = http.Request.Query;
        var township = query["jurisdiction_id"].ToString();
        if (string.IsNullOrEmpty(township) || township.Length > 64 || await grains.GetGrain<ITownshipGrain>(township).GetInfo() is null)
            return Open311Endpoints.Error(400, "jurisdiction_id must name a township");

        var ids = Split(query["service_request_id"].ToString());
        IEnumerable<string> chosen;
        if (ids.Count > 0)
        {
            if (ids.Count > MaxResults) return Open311Endpoints.Error(400, $"at most {MaxResults} service_request_id values");
            chosen = ids.Where(id => id.StartsWith(HotlinePrefix(township), StringComparison.Ordinal));
        }
        else
        {
            if (Filters(query, time.GetUtcNow(), out var filter) is { } problem) return Open311Endpoints.Error(400, problem);
            var listed = await grains.GetGrain<IIncidentIndexGrain>(township).List(null, MaxResults);
            chosen = listed.Where(i => i.Id.StartsWith(HotlinePrefix(township), StringComparison.Ordinal) && filter(i)).Select(i => i.Id);
        }

        var incidents = await Task.WhenAll(chosen.Distinct().Take(MaxResults).Select(id => Open311Endpoints.FindAsync(id, grains)));
        var requests = await Task.WhenAll(incidents.OfType<IncidentSnapshot>().Select(i => Open311Endpoints.RequestAsync(i, grains, http)));
        return TypedResults.Ok(requests.OrderByDescending(r => r.requested_datetime).ToArray());
    }

    private static string HotlinePrefix(string township) => IncidentIds.For(township, IncidentSource.Hotline, "");

    /// <summary>The filters as one predicate; null when they are fine, else what is wrong.</summary>
    private static string? Filters(IQueryCollection query, DateTimeOffset now, out Func<IncidentListItem, bool> filter)
    {
        filter = _ => false;
        var statuses = Split(query["status"].ToString());
        if (statuses.FirstOrDefault(s => s is not ("open" or "closed")) is { } badStatus) return $"status '{badStatus}' is not open or closed";
        var services = Split(query["service_code"].ToString());
        if (services.FirstOrDefault(s => !Open311Catalog.IsKnown(s)) is { } badService) return $"service_code '{badService}' is not a service here";
        if (Date(query["start_date"].ToString(), "start_date", out var start) is { } startProblem) return startProblem;
        if (Date(query["end_date"].ToString(), "end_date", out var end) is { } endProblem) return endProblem;
        var to = end ?? now;
        var from = start ?? to - DefaultWindow;
        if (from > to) return "start_date is after end_date";

        filter = item =>
            item.ReportedAt >= from && item.ReportedAt <= to
            && (services.Count == 0 || services.Contains(item.Category))
            && (statuses.Count == 0 || statuses.Contains(item.Status.IsOpen() ? "open" : "closed"));
        return null;
    }

    private static string? Date(string text, string name, out DateTimeOffset? at)
    {
        at = null;
        if (text.Length == 0) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return $"{name} must be a W3C date-time, e.g. 2026-11-01T00:00:00+08:00";
        at = parsed;
        return null;
    }

    private static List<string> Split(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];
}
