using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

public sealed record AcknowledgeAlarmRequest(string? Note);

/// <param name="Minutes">How long, from now: 1 minute to 30 days.</param>
public sealed record MaintenanceRequest(int? Minutes, string? Reason);

/// <param name="Brightness">0 (off) to 100 (fully on).</param>
public sealed record LampCommandRequest(int? Brightness);

/// <summary>
/// The command centre on lamps and their alarms: 接警 (acknowledge with a note), 检修 (maintenance of a lamp
/// or a whole feeder for a period; it ends by itself), and 开/关/调光. Each is written to the audit log.
/// </summary>
public static class AlarmEndpoints
{
    public static IEndpointRouteBuilder MapAlarms(this IEndpointRouteBuilder app)
    {
        var lamps = app.MapGroup("/api/lamps/{id}").RequireAuthorization().WithTags("lamps");
        lamps.MapPost("/alarms/{alarmId}/acknowledge", Acknowledge);
        lamps.MapPost("/maintenance", StartMaintenance);
        lamps.MapDelete("/maintenance", EndMaintenance);
        lamps.MapPost("/commands", Command);
        var feeders = app.MapGroup("/api/townships/{id}/feeders/{feeder}").RequireAuthorization().WithTags("lamps");
        feeders.MapPost("/maintenance", StartFeederMaintenance);
        feeders.MapDelete("/maintenance", EndFeederMaintenance);
        return app;
    }

    /// <summary>接警: anyone who may see the lamp's cell but a responder, or a responder whose work order has the lamp.</summary>
    public static async Task<Results<Ok<LampSnapshot>, ProblemHttpResult>> Acknowledge(
        string id, string alarmId, AcknowledgeAlarmRequest? body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (body?.Note is { Length: > 500 }) return ApiProblems.Invalid("note: at most 500 characters");
        var lookup = await LampEndpoints.GetLamp(id, user, grains);
        if (lookup.Result is not Ok<LampSnapshot> { Value: { } lamp }) return lookup;
        if (lamp.OpenAlarms.All(a => a.AlarmId != alarmId)) return ApiProblems.NotFound($"open alarm {alarmId} of lamp {id}");
        var caller = user.Caller()!;
        if (!await grains.GetGrain<IStreetlightGrain>(id).AcknowledgeAlarm(alarmId, caller.Name, body?.Note))
            return ApiProblems.Conflict($"alarm {alarmId} is already acknowledged or cleared");
        await audit.RecordAsync(caller, lamp.Township, "alarm.acknowledge", alarmId, body?.Note);
        return TypedResults.Ok((await grains.GetGrain<IStreetlightGrain>(id).GetSnapshot())!);
    }

    public static async Task<Results<Ok<LampSnapshot>, ProblemHttpResult>> StartMaintenance(
        string id, MaintenanceRequest body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit, TimeProvider time)
    {
        if (Period(body) is { } invalid) return invalid;
        if (await Commanded(id, user, grains) is not { } lamp) return await Refusal(id, grains);
        var until = time.GetUtcNow().AddMinutes(body.Minutes!.Value);
        var snapshot = await grains.GetGrain<IStreetlightGrain>(id).StartMaintenance(until, user.Caller()!.Name, body.Reason);
        await audit.RecordAsync(user.Caller(), lamp.Township, "lamp.maintenance", id, body.Reason, $"至 {until.ToOffset(TimeSpan.FromHours(8)):MM-dd HH:mm}");
        return TypedResults.Ok(snapshot!);
    }

    public static async Task<Results<Ok<LampSnapshot>, ProblemHttpResult>> EndMaintenance(string id, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (await Commanded(id, user, grains) is not { } lamp) return await Refusal(id, grains);
        var snapshot = await grains.GetGrain<IStreetlightGrain>(id).EndMaintenance(user.Caller()!.Name);
        await audit.RecordAsync(user.Caller(), lamp.Township, "lamp.maintenance-end", id);
        return TypedResults.Ok(snapshot!);
    }

    /// <summary>开灯 (100), 关灯 (0) or 调光: tracked until the lamp acknowledges (<c>lampCommand</c> on the hub).</summary>
    public static async Task<Results<Ok<LampCommand>, ProblemHttpResult>> Command(
        string id, LampCommandRequest body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (body.Brightness is not (>= 0 and <= 100)) return ApiProblems.Invalid("brightness must be 0 to 100");
        if (await Commanded(id, user, grains) is not { } lamp) return await Refusal(id, grains);
        var result = await grains.GetGrain<IStreetlightGrain>(id).SetBrightness(body.Brightness.Value, user.Caller()!.Name);
        if (result is not { Ok: true, Command: { } command }) return ApiProblems.Invalid(result.Error ?? "not sent");
        await audit.RecordAsync(user.Caller(), lamp.Township, "lamp.command", id, null, body.Brightness == 0 ? "关灯" : $"亮度 {body.Brightness}%");
        return TypedResults.Ok(command);
    }

    /// <summary>检修 of every lamp on one feeder (回路): a day's work on the line silences its lamps, not the screen.</summary>
    public static async Task<Results<Ok<FeederMaintenance>, ProblemHttpResult>> StartFeederMaintenance(
        string id, string feeder, MaintenanceRequest body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit, TimeProvider time)
    {
        if (Period(body) is { } invalid) return invalid;
        if (user.Caller() is not { MayCommand: true } caller || !caller.MaySee(id)) return ApiProblems.Forbidden(id);
        var lamps = await LampsOn(id, feeder, grains);
        if (lamps.Count == 0) return ApiProblems.NotFound($"feeder {feeder} of {id}");
        var until = time.GetUtcNow().AddMinutes(body.Minutes!.Value);
        await Task.WhenAll(lamps.Select(l => grains.GetGrain<IStreetlightGrain>(l).StartMaintenance(until, caller.Name, body.Reason)));
        await audit.RecordAsync(caller, id, "feeder.maintenance", feeder, body.Reason, $"{lamps.Count} 盏，至 {until.ToOffset(TimeSpan.FromHours(8)):MM-dd HH:mm}");
        return TypedResults.Ok(new FeederMaintenance(feeder, lamps, until));
    }

    public static async Task<Results<Ok<FeederMaintenance>, ProblemHttpResult>> EndFeederMaintenance(
        string id, string feeder, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (user.Caller() is not { MayCommand: true } caller || !caller.MaySee(id)) return ApiProblems.Forbidden(id);
        var lamps = await LampsOn(id, feeder, grains);
        if (lamps.Count == 0) return ApiProblems.NotFound($"feeder {feeder} of {id}");
        await Task.WhenAll(lamps.Select(l => grains.GetGrain<IStreetlightGrain>(l).EndMaintenance(caller.Name)));
        await audit.RecordAsync(caller, id, "feeder.maintenance-end", feeder);
        return TypedResults.Ok(new FeederMaintenance(feeder, lamps, null));
    }

    private static async Task<IReadOnlyList<string>> LampsOn(string township, string feeder, IGrainFactory grains)
    {
        var ids = await grains.GetGrain<ITownshipLampsGrain>(township).Get();
        var snapshots = await Task.WhenAll(ids.Select(l => grains.GetGrain<IStreetlightGrain>(l).GetSnapshot()));
        return [.. snapshots.Where(s => s?.Feeder == feeder).Select(s => s!.LampId)];
    }

    private static ProblemHttpResult? Period(MaintenanceRequest body) =>
        body.Minutes is not { } minutes || minutes < 1 || minutes > LampMaintenance.Longest.TotalMinutes ? ApiProblems.Invalid("minutes must be 1 to 43200 (30 days)")
        : body.Reason is { Length: > 500 } ? ApiProblems.Invalid("reason: at most 500 characters")
        : null;

    /// <summary>The lamp, if the caller is its township's (or the county's) command centre.</summary>
    private static async Task<LampSnapshot?> Commanded(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        id.Length <= 128 && user.Caller() is { MayCommand: true } caller && await grains.GetGrain<IStreetlightGrain>(id).GetSnapshot() is { } lamp
        && caller.MaySee(lamp.Township, lamp.Cell) ? lamp : null;

    /// <summary>Why <see cref="Commanded"/> gave nothing: no such lamp (404), or not the caller's to command (403).</summary>
    private static async Task<ProblemHttpResult> Refusal(string id, IGrainFactory grains) =>
        id.Length > 128 || await grains.GetGrain<IStreetlightGrain>(id).GetSnapshot() is not { } lamp ? ApiProblems.NotFound($"lamp {id}")
        : ApiProblems.Forbidden(lamp.Township);
}

/// <summary>The lamps of a feeder put in (or out of) maintenance, and until when.</summary>
public sealed record FeederMaintenance(string Feeder, IReadOnlyList<string> Lamps, DateTimeOffset? Until);
