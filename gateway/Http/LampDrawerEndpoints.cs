using System.Security.Claims;
using GridDispatch.Gateway.History;
using GridDispatch.Grains.Streetlights;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <param name="Hours">The lamp's ended hours in the window, oldest first.</param>
/// <param name="Since">When the history store began recording (Unix ms): nothing before it.</param>
public sealed record LampEnergyReply(IReadOnlyList<LampHour> Hours, double EnergyWh, double BaselineWh, long Since);

/// <summary>
/// 路灯详情, the lamp drawer's reads beyond <c>GET /api/lamps/{id}</c>: its recent alarms and commands
/// (<c>/log</c>) and its hourly energy from the history store (<c>/energy</c>). Seen by whoever may see the lamp.
/// </summary>
public static class LampDrawerEndpoints
{
    /// <summary>The longest energy window: a month of hours.</summary>
    public const int MaxEnergyHours = 31 * 24;

    public static IEndpointRouteBuilder MapLampDrawer(this IEndpointRouteBuilder app)
    {
        var lamps = app.MapGroup("/api/lamps/{id}").RequireAuthorization().WithTags("lamps");
        lamps.MapGet("/log", GetLog);
        lamps.MapGet("/energy", GetEnergy);
        return app;
    }

    public static async Task<Results<Ok<LampLog>, ProblemHttpResult>> GetLog(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var lookup = await LampEndpoints.GetLamp(id, user, grains);
        if (lookup.Result is not Ok<LampSnapshot>) return (ProblemHttpResult)lookup.Result;
        return await grains.GetGrain<IStreetlightGrain>(id).GetLog() is { } log ? TypedResults.Ok(log) : ApiProblems.NotFound($"lamp {id}");
    }

    public static async Task<Results<Ok<LampEnergyReply>, ProblemHttpResult>> GetEnergy(string id, int? hours,
        ClaimsPrincipal user, IGrainFactory grains, [FromServices] IHistoryStore? history, TimeProvider time, CancellationToken cancellationToken)
    {
        if (hours is < 1 or > MaxEnergyHours) return ApiProblems.Invalid($"hours must be 1 to {MaxEnergyHours}");
        var lookup = await LampEndpoints.GetLamp(id, user, grains);
        if (lookup.Result is not Ok<LampSnapshot> { Value: { } lamp }) return (ProblemHttpResult)lookup.Result;
        if (history is null) return ApiProblems.Unavailable("no history store is configured (a cluster needs History:Postgres)");
        var now = time.GetUtcNow();
        var rows = await history.ReadLampHoursAsync(lamp.Township, id, now.AddHours(-(hours ?? 24)), now, cancellationToken);
        var since = await history.StartedAtAsync(cancellationToken);
        return TypedResults.Ok(new LampEnergyReply(rows, rows.Sum(r => r.EnergyWh), rows.Sum(r => r.BaselineWh), since.ToUnixTimeMilliseconds()));
    }
}
