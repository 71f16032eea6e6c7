using System.Security.Claims;
using GridDispatch.Gateway.History;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Incidents;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <summary>
/// The map's look back, read from the history store: <c>GET /api/townships/{id}/responders/trails?minutes=60</c> (each
/// responder's moves of the last hour) and <c>GET /api/townships/{id}/playback?from=…&amp;to=…</c> (an hour of alarms,
/// incident steps and moves to replay). For those who see the whole township's responders, as the screen does.
/// </summary>
public static class PlaybackEndpoints
{
    public const int MaxTrailMinutes = 60;

    /// <summary>Points kept per responder in a trail: a position every 5 s for an hour is 720; the map needs the shape, not each step.</summary>
    public const int MaxTrailPoints = 360;

    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    /// <summary>How far back playback looks for the picture at the window's start.</summary>
    private static readonly TimeSpan PositionLookBack = TimeSpan.FromHours(1), IncidentLookBack = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapPlayback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/townships/{id}").RequireAuthorization().WithTags("map");
        group.MapGet("/responders/trails", Trails);
        group.MapGet("/playback", Playback);
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ResponderTrail>>, ProblemHttpResult>> Trails(string id, int? minutes, ClaimsPrincipal user,
        [FromServices] IHistoryStore? history, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MaySeeResponders(user, id)) return ApiProblems.Forbidden(id);
        if (minutes is < 1 or > MaxTrailMinutes) return ApiProblems.Invalid($"minutes must be 1 to {MaxTrailMinutes}");
        if (history is null) return NoHistory();
        var now = time.GetUtcNow();
        var positions = await history.ReadPositionsAsync(id, now - TimeSpan.FromMinutes(minutes ?? MaxTrailMinutes), now.AddSeconds(1), cancellationToken);
        IReadOnlyList<ResponderTrail> trails = [.. ByResponder(positions).Select(t => t with { Points = [.. t.Points.TakeLast(MaxTrailPoints)] })];
        return TypedResults.Ok(trails);
    }

    public static async Task<Results<Ok<PlaybackReply>, ProblemHttpResult>> Playback(string id, DateTimeOffset? from, DateTimeOffset? to,
        ClaimsPrincipal user, [FromServices] IHistoryStore? history, CancellationToken cancellationToken)
    {
        if (!MaySeeResponders(user, id)) return ApiProblems.Forbidden(id);
        if (from is not { } start || to is not { } end) return ApiProblems.Invalid("from and to are required (ISO 8601, e.g. 2026-11-29T18:00:00+08:00)");
        if (end <= start || end - start > MaxWindow) return ApiProblems.Invalid($"to must come after from, by at most {MaxWindow.TotalMinutes:0} minutes");
        if (history is null) return NoHistory();

        var alarms = await history.ReadAlarmsAsync(id, start, end, cancellationToken);
        var steps = await history.ReadIncidentStepsAsync(id, start - IncidentLookBack, end, cancellationToken);
        var positions = await history.ReadPositionsAsync(id, start - PositionLookBack, end, cancellationToken);
        return TypedResults.Ok(new PlaybackReply(id, start, end,
            [.. alarms.Select(a => new PlaybackAlarm(a.AlarmId, a.Lamp, a.Cell, a.Code, a.Severity, a.RaisedAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ClearedAt))],
            [.. IncidentSteps(steps, start)],
            [.. ByResponder(StartingAt(positions, start))]));
    }

    /// <summary>The steps in the window, after the last earlier step of each incident still open when it began.</summary>
    private static IEnumerable<PlaybackStep> IncidentSteps(IReadOnlyList<IncidentStep> steps, DateTimeOffset start)
    {
        var before = steps.Where(s => s.At < start).GroupBy(s => s.IncidentId).Select(g => g.MaxBy(s => s.Seq)!)
            .Where(s => Enum.TryParse<IncidentStatus>(s.Status, out var status) && status.IsOpen());
        return before.Concat(steps.Where(s => s.At >= start)).OrderBy(s => s.At).ThenBy(s => s.Seq)
            .Select(s => new PlaybackStep(s.IncidentId, s.Seq, s.At, s.Kind, s.Status, s.Severity, s.Category, s.Cell, s.Lat, s.Lon, s.ResponderId));
    }

    /// <summary>The positions in the window, after each responder's last one before it.</summary>
    private static IEnumerable<ResponderPosition> StartingAt(IReadOnlyList<ResponderPosition> positions, DateTimeOffset start) =>
        positions.Where(p => p.At < start).GroupBy(p => p.Responder).Select(g => g.MaxBy(p => p.At)!)
            .Concat(positions.Where(p => p.At >= start)).OrderBy(p => p.At);

    private static IEnumerable<ResponderTrail> ByResponder(IEnumerable<ResponderPosition> positions) =>
        positions.GroupBy(p => p.Responder, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ResponderTrail(g.Key, [.. g.OrderBy(p => p.At).Select(p => new TrailPoint(p.Lon, p.Lat, p.At, p.Status))]));

    /// <summary>Where everyone of a township has been is for its command centre and the county: a village's screen shows no responders.</summary>
    private static bool MaySeeResponders(ClaimsPrincipal user, string township) =>
        user.Caller() is { Role: not AccountRole.Responder, Cells: null } caller && caller.MaySee(township);

    private static ProblemHttpResult NoHistory() => ApiProblems.Unavailable("no history store is configured (a cluster needs History:Postgres)");
}
