using GridDispatch.Gateway.Identity;
using System.Security.Claims;
using GridDispatch.Grains.Streetlights;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary><c>GET /api/lamps/{id}</c>: a lamp's state with its open alarms.</summary>
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
        return user.MaySee(lamp.Township, lamp.Cell) ? TypedResults.Ok(lamp) : ApiProblems.Forbidden(lamp.Township);
    }
}
