using GridDispatch.Identity;
using System.Security.Claims;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Streetlights;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary><c>GET /api/lamps/{id}</c>: a lamp's state with its open alarms, for those who may see its cell (a responder: the lamps of their work orders).</summary>
public static class LampEndpoints
{
    public static IEndpointRouteBuilder MapLamps(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/lamps/{id}", GetLamp).RequireAuthorization().WithTags("lamps");
        return app;
    }

    public static async Task<Results<Ok<LampSnapshot>, ProblemHttpResult>> GetLamp(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (id.Length > 128 || await grains.GetGrain<IStreetlightGrain>(id).GetSnapshot() is not { } lamp) return ApiProblems.NotFound($"lamp {id}");
        var caller = user.Caller();
        return caller is not null && (caller.MaySee(lamp.Township, lamp.Cell) || await OnOwnWorkOrder(caller, lamp, grains))
            ? TypedResults.Ok(lamp)
            : ApiProblems.Forbidden(lamp.Township);
    }

    /// <summary>A responder sees the lamps of their own work orders, nothing else of the township.</summary>
    private static async Task<bool> OnOwnWorkOrder(Caller caller, LampSnapshot lamp, IGrainFactory grains) =>
        caller is { Role: Grains.Accounts.AccountRole.Responder, PersonId: { } me } && caller.MaySee(lamp.Township)
        && await grains.GetGrain<IResponderGrain>(me).GetSnapshot() is { } responder
        && responder.WorkOrders.Any(w => w.Township == lamp.Township && w.Lamps.Contains(lamp.LampId));
}
