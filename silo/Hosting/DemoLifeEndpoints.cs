using System.Security.Claims;
using GridDispatch.Grains.Demo;
using GridDispatch.Gateway.Http;
using GridDispatch.Identity;
using GridDispatch.Simulators.Lamps;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GridDispatch.Silo.Hosting;

/// <summary>Which lamps a scenario takes over from the demo's life, and for how long (at most an hour).</summary>
public sealed record LifePauseRequest(IReadOnlyList<string>? Lamps, int? Seconds);

/// <summary>
/// <c>POST /api/demo/life/pause</c> and <c>/resume</c>: a scenario run against the demo (README) takes some lamps
/// over for a while; the demo's own simulated lamps of those ids leave the broker meanwhile, so the two never
/// kick each other off one MQTT identity. Only with the demo's life running, only for a command centre.
/// </summary>
public static class DemoLifeEndpoints
{
    private const int MaxSeconds = 3600, MaxLamps = 2000;

    public static WebApplication MapDemoLife(this WebApplication app)
    {
        var group = app.MapGroup("/api/demo/life").RequireAuthorization().WithTags("demo");
        group.MapPost("/pause", Pause);
        group.MapPost("/resume", Resume);
        return app;
    }

    public static Results<NoContent, ProblemHttpResult> Pause(LifePauseRequest request, ClaimsPrincipal user, IOptions<DemoOptions> demo, LampPauses pauses, TimeProvider time)
    {
        if (Refused(request, user, demo.Value) is { } problem) return problem;
        if (request.Seconds is not (> 0 and <= MaxSeconds)) return ApiProblems.Invalid($"seconds must be 1 to {MaxSeconds}");
        pauses.Pause(request.Lamps!, time.GetUtcNow().AddSeconds(request.Seconds.Value));
        return TypedResults.NoContent();
    }

    public static Results<NoContent, ProblemHttpResult> Resume(LifePauseRequest request, ClaimsPrincipal user, IOptions<DemoOptions> demo, LampPauses pauses)
    {
        if (Refused(request, user, demo.Value) is { } problem) return problem;
        pauses.Resume(request.Lamps!);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? Refused(LifePauseRequest request, ClaimsPrincipal user, DemoOptions demo)
    {
        if (!demo.Enabled || !demo.Life) return ApiProblems.NotFound("the demo's life (run with --demo and Demo:Life=true)");
        if (user.Caller() is not { MayCommand: true })
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "outside your scope", detail: "only a command centre hands lamps over");
        if (request.Lamps is not { Count: > 0 and <= MaxLamps } lamps || lamps.Any(string.IsNullOrWhiteSpace))
            return ApiProblems.Invalid($"lamps must list 1 to {MaxLamps} lamp ids");
        return null;
    }
}
