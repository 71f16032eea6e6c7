using System.Security.Claims;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Townships;
using GridDispatch.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GridDispatch.Gateway.Http;

/// <param name="TimeZone">IANA id, e.g. Asia/Shanghai.</param>
public sealed record LightingTimeZoneRequest(string? TimeZone);

/// <summary>
/// 照明控制: a township's schedules (控制方案) by scope. Anyone who may see the township reads them; its
/// command centre (or the county's) sets and removes them, each change audited and sent to the lamps at once.
/// </summary>
public static class LightingEndpoints
{
    public static IEndpointRouteBuilder MapLighting(this IEndpointRouteBuilder app)
    {
        var lighting = app.MapGroup("/api/townships/{id}/lighting").RequireAuthorization().WithTags("lighting");
        lighting.MapGet("", GetBook);
        lighting.MapPut("/schedules/township", (string id, LightingSchedule body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit) =>
            SetSchedule(id, "township", null, body, user, grains, audit));
        lighting.MapPut("/schedules/{kind}/{scope}", SetSchedule);
        lighting.MapDelete("/schedules/township", (string id, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit) =>
            RemoveSchedule(id, "township", null, user, grains, audit));
        lighting.MapDelete("/schedules/{kind}/{scope}", RemoveSchedule);
        lighting.MapPut("/time-zone", SetTimeZone);
        lighting.MapPut("/emergency", SetEmergency);
        lighting.MapPost("/group-commands", StartGroupCommand);
        lighting.MapGet("/group-commands/{commandId}", GetGroupCommand);
        return app;
    }

    /// <summary>群控: one command to a village, street, feeder, the township or hand-picked lamps; its progress follows on the hub (<c>groupCommandProgress</c>).</summary>
    public static async Task<Results<Created<GroupCommandProgress>, ProblemHttpResult>> StartGroupCommand(
        string id, GroupCommandRequest body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (await Commanding(id, user, grains) is { } refused) return refused;
        var commandId = "g" + Guid.NewGuid().ToString("N")[..12];
        var (progress, error) = await grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(id, commandId)).Start(body, user.Caller()!.Name);
        if (progress is null) return ApiProblems.Invalid(error ?? "refused");
        var what = body.Action switch { GroupAction.On => "开灯", GroupAction.Off => "关灯", GroupAction.Brightness => $"亮度 {body.Brightness}%", _ => "调光方案" };
        await audit.RecordAsync(user.Caller(), id, "lighting.group-command", commandId, null, $"{body.Target} {body.TargetId} {what}, {progress.Total} 盏");
        return TypedResults.Created($"/api/townships/{id}/lighting/group-commands/{commandId}", progress);
    }

    public static async Task<Results<Ok<GroupCommandProgress>, ProblemHttpResult>> GetGroupCommand(string id, string commandId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.MaySee(id)) return ApiProblems.Forbidden(id);
        if (commandId.Length > 64) return ApiProblems.NotFound($"group command {commandId}");
        return await grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(id, commandId)).GetProgress() is { } progress
            ? TypedResults.Ok(progress) : ApiProblems.NotFound($"group command {commandId}");
    }

    public static async Task<Results<Ok<LightingBook>, ProblemHttpResult>> GetBook(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.MaySee(id)) return ApiProblems.Forbidden(id);
        if (await grains.GetGrain<ITownshipGrain>(id).GetInfo() is null) return ApiProblems.NotFound($"township {id}");
        return TypedResults.Ok(await grains.GetGrain<ILightingGrain>(id).GetBook());
    }

    /// <summary>Sets one scope's schedule (kind: township, village, street, feeder, lamp) and sends its lamps tonight's program.</summary>
    public static async Task<Results<Ok<LightingApplied>, ProblemHttpResult>> SetSchedule(
        string id, string kind, string? scope, LightingSchedule body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (await Commanding(id, user, grains) is { } refused) return refused;
        if (Scope(kind, scope) is not { } target) return ApiProblems.Invalid($"scope kind {kind}: township, village, street, feeder or lamp");
        var applied = await grains.GetGrain<ILightingGrain>(id).SetSchedule(target, body, user.Caller()!.Name);
        if (applied.Error is { } error) return ApiProblems.Invalid(error);
        await audit.RecordAsync(user.Caller(), id, "lighting.schedule", target.ToString(), null, Describe(body));
        return TypedResults.Ok(applied);
    }

    public static async Task<Results<Ok<LightingApplied>, ProblemHttpResult>> RemoveSchedule(
        string id, string kind, string? scope, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (await Commanding(id, user, grains) is { } refused) return refused;
        if (Scope(kind, scope) is not { } target) return ApiProblems.Invalid($"scope kind {kind}: township, village, street, feeder or lamp");
        var applied = await grains.GetGrain<ILightingGrain>(id).RemoveSchedule(target, user.Caller()!.Name);
        if (applied.Error is { } error) return ApiProblems.NotFound(error);
        await audit.RecordAsync(user.Caller(), id, "lighting.schedule-remove", target.ToString());
        return TypedResults.Ok(applied);
    }

    public static async Task<Results<Ok<LightingApplied>, ProblemHttpResult>> SetTimeZone(
        string id, LightingTimeZoneRequest body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (await Commanding(id, user, grains) is { } refused) return refused;
        if (body.TimeZone is not { Length: > 0 and <= 64 } zone) return ApiProblems.Invalid("timeZone: an IANA id such as Asia/Shanghai");
        var applied = await grains.GetGrain<ILightingGrain>(id).SetTimeZone(zone, user.Caller()!.Name);
        if (applied.Error is { } error) return ApiProblems.Invalid(error);
        await audit.RecordAsync(user.Caller(), id, "lighting.time-zone", id, null, zone);
        return TypedResults.Ok(applied);
    }

    /// <summary>应急照明: whether switching to emergency mode lights the area, how bright, the whole township or the villages it names.</summary>
    public static async Task<Results<Ok<EmergencyLightingSettings>, ProblemHttpResult>> SetEmergency(
        string id, EmergencyLightingSettings body, ClaimsPrincipal user, IGrainFactory grains, AuditRecorder audit)
    {
        if (await Commanding(id, user, grains) is { } refused) return refused;
        if (await grains.GetGrain<ILightingGrain>(id).SetEmergencySettings(body, user.Caller()!.Name) is { } error) return ApiProblems.Invalid(error);
        var what = !body.Enabled ? "不开灯" : $"{body.Brightness}%, {(body.Scope == EmergencyScope.Township ? "全镇" : "所涉村")}";
        await audit.RecordAsync(user.Caller(), id, "lighting.emergency", id, null, what);
        return TypedResults.Ok(body);
    }

    /// <summary>Null if the caller is the township's (or the county's) command centre and the township exists.</summary>
    private static async Task<ProblemHttpResult?> Commanding(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        user.Caller() is not { MayCommand: true } caller || !caller.MaySee(id) ? ApiProblems.Forbidden(id)
        : await grains.GetGrain<ITownshipGrain>(id).GetInfo() is null ? ApiProblems.NotFound($"township {id}")
        : null;

    private static ScheduleScope? Scope(string kind, string? id) =>
        Enum.TryParse<ScopeKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) && (k == ScopeKind.Township) == (id is null) ? new ScheduleScope(k, id) : null;

    /// <summary>The audit line's particulars: 日落后10分开灯, 100% → 22:00 60%, 日出关灯.</summary>
    private static string Describe(LightingSchedule s) =>
        (s.Switching == SwitchMode.Lux ? $"光控 {s.SwitchLux} lx" : $"日落{Offset(s.OnOffsetMinutes)}开灯, 日出{Offset(s.OffOffsetMinutes)}关灯")
        + $", {s.Brightness}%" + string.Concat(s.Steps.Select(step => $" → {step.At} {step.Brightness}%"))
        + (s.Exceptions.Count > 0 ? $", 特殊日 {s.Exceptions.Count} 个" : "");

    private static string Offset(int minutes) => minutes switch { 0 => "", > 0 => $"后{minutes}分", _ => $"前{-minutes}分" };
}
