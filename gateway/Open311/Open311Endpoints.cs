using GridDispatch.Grains.Common;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Open311;

/// <summary>Open311 GeoReport v2 response shapes (snake_case, as the spec writes them).</summary>
public sealed record Open311Created(string service_request_id, string? service_notice, string? account_id);

public sealed record Open311Request(
    string service_request_id, string status, string? status_notes, string service_name, string service_code, string description,
    string agency_responsible, DateTimeOffset requested_datetime, DateTimeOffset updated_datetime, DateTimeOffset? expected_datetime,
    string? address, double? lat, double? @long, string? media_url = null);

public sealed record Open311Error(int code, string description);

/// <summary>
/// Open311 GeoReport v2 for the 12345 hotline and residents (JSON only): services, create a request
/// (it becomes an incident), get a request (its status follows the incident). <c>jurisdiction_id</c> is the
/// township; <c>attribute[cell]</c> may name the grid cell, else the township's command centre triages it.
/// <c>api_key</c> is a key the county issued for that township (<see cref="Open311KeyEndpoints"/>), or <c>demo</c> under
/// <c>--demo</c>. New requests are limited per key and per client address (429 with Retry-After).
/// </summary>
public static class Open311Endpoints
{
    /// <summary>The ASP.NET Core rate-limiter policy on creating requests, per client address.</summary>
    public const string PerAddressLimit = "open311-per-address";

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/open311/v2").WithTags("open311");
        group.MapGet("/services.json", () => TypedResults.Ok(Open311Catalog.Services));
        group.MapPost("/requests.json", Create).DisableAntiforgery().RequireRateLimiting(PerAddressLimit);
        group.MapGet("/requests/{id}.json", Get);
        group.MapGet("/requests.json", Open311RequestList.List).RequireRateLimiting(PerAddressLimit);
        group.MapGet("/requests/{id}/media", Open311Media.Get).RequireRateLimiting(PerAddressLimit);
        app.MapGet("/open311/status", Open311StatusPage.Show).RequireRateLimiting(PerAddressLimit).WithTags("open311");
        return app;
    }

    public static async Task<IResult> Create(
        [FromForm] IFormCollection form, IGrainFactory grains, Open311Keys keys, Open311KeyLimiter limiter, TimeProvider time, HttpContext http)
    {
        if (await keys.ResolveAsync(form["api_key"].ToString()) is not { } key) return Error(403, "api_key is missing or not valid");
        var township = form["jurisdiction_id"].ToString();
        var service = form["service_code"].ToString();
        if (!Open311Catalog.IsKnown(service)) return Error(400, $"service_code '{service}' is not a service here");
        if (string.IsNullOrEmpty(township) || await grains.GetGrain<ITownshipGrain>(township).GetInfo() is not { } info)
            return Error(400, "jurisdiction_id must name a township");
        if (!Open311Keys.MayFileIn(key, township)) return Error(403, $"this api_key may not file in {township}");
        var cell = form["attribute[cell]"].ToString() is { Length: > 0 } named ? named : info.Id;
        if (Position(form["lat"].ToString(), form["long"].ToString(), out var lat, out var lon) is { } positionProblem) return Error(400, positionProblem);
        var description = form["description"].ToString();
        if (description.Length is 0 or > 4000) return Error(400, "description is required (at most 4000 characters)");
        var phone = form["phone"].ToString().Trim() is { Length: > 0 } given ? given : null;
        if (phone is not null && !PhoneNumber.IsValid(phone)) return Error(400, "phone must be 3 to 20 digits, with '+', '-' or spaces");
        if (limiter.TryTake(key.Id) is { } retry)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Error(429, "too many requests for this api_key; try again later");
        }

        var sourceId = Guid.NewGuid().ToString("N")[..16];
        var id = IncidentIds.For(township, IncidentSource.Hotline, sourceId);
        var who = string.Join(' ', form["last_name"].ToString(), form["first_name"].ToString()).Trim();
        var result = await grains.GetGrain<IIncidentGrain>(id).Open(new IncidentReport
        {
            Township = township, Source = IncidentSource.Hotline, SourceId = sourceId, Category = service, Severity = IncidentSeverity.Minor,
            Cell = cell, Text = description, Lat = lat, Lon = lon,
            ReportedBy = who.Length > 0 ? $"12345:{who}" : "12345", ReportedAt = time.GetUtcNow(), ReporterPhone = phone,
        });
        return result.Ok ? TypedResults.Ok(new[] { new Open311Created(id, "已受理，将按时限办理", form["account_id"].ToString() is { Length: > 0 } a ? a : null) })
                         : Error(400, result.Message ?? "refused");
    }

    public static async Task<IResult> Get(string id, IGrainFactory grains, HttpContext http)
    {
        if (await FindAsync(id, grains) is not { } incident) return Error(404, $"no service request {id}");
        return TypedResults.Ok(new[] { await RequestAsync(incident, grains, http) });
    }

    /// <summary>The incident behind a service request id: a 12345 case only (whistles and alarms are not Open311's to show).</summary>
    public static async Task<IncidentSnapshot?> FindAsync(string id, IGrainFactory grains) =>
        id.Length <= 200 && await grains.GetGrain<IIncidentGrain>(id).Get() is { Report.Source: IncidentSource.Hotline } incident ? incident : null;

    /// <summary>A request as GeoReport v2 shows it; <c>media_url</c> is the incident's photo, when it has one.</summary>
    public static async Task<Open311Request> RequestAsync(IncidentSnapshot incident, IGrainFactory grains, HttpContext http)
    {
        var last = incident.Timeline[^1];
        var media = (await grains.GetGrain<IIncidentPhotoGrain>(incident.Id).List()).Count == 0 ? null
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/open311/v2/requests/{Uri.EscapeDataString(incident.Id)}/media";
        return new Open311Request(incident.Id, incident.Status.IsOpen() ? "open" : "closed", $"{incident.Status}: {last.Text}",
            Open311Catalog.NameOf(incident.Report.Category), incident.Report.Category, incident.Report.Text,
            $"{incident.Report.Township} · {Level(incident.Level)}", incident.Report.ReportedAt, last.At, incident.ResolveBy, null,
            incident.Report.Lat, incident.Report.Lon, media);
    }

    /// <summary>Both or neither of lat and long, as finite decimal degrees in range; null if fine, else what is wrong.</summary>
    private static string? Position(string latText, string lonText, out double? lat, out double? lon)
    {
        (lat, lon) = (null, null);
        if (latText.Length == 0 && lonText.Length == 0) return null;
        if (latText.Length == 0 || lonText.Length == 0) return "lat and long go together: give both or neither";
        const System.Globalization.NumberStyles number = System.Globalization.NumberStyles.Float;
        if (!double.TryParse(latText, number, System.Globalization.CultureInfo.InvariantCulture, out var la) || !double.IsFinite(la) || la is < -90 or > 90)
            return "lat must be decimal degrees between -90 and 90";
        if (!double.TryParse(lonText, number, System.Globalization.CultureInfo.InvariantCulture, out var lo) || !double.IsFinite(lo) || lo is < -180 or > 180)
            return "long must be decimal degrees between -180 and 180";
        (lat, lon) = (la, lo);
        return null;
    }

    private static string Level(CellLevel level) => level switch
    {
        CellLevel.County => "县", CellLevel.Township => "乡镇", CellLevel.Village => "村", _ => "网格",
    };

    /// <summary>The spec's error format: a list of {code, description}.</summary>
    public static IResult Error(int status, string description) => TypedResults.Json(new[] { new Open311Error(status, description) }, statusCode: status);
}
