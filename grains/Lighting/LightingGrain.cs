using GridDispatch.Grains.Common;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Grains.Lighting;

[GenerateSerializer, Alias("GridDispatch.Lighting.LightingState")]
public sealed class LightingState
{
    /// <summary>By <see cref="ScheduleScope.ToString"/>.</summary>
    [Id(0)] public Dictionary<string, ScopedSchedule> Schedules { get; set; } = [];
    [Id(1)] public string TimeZone { get; set; } = LightingGrain.DefaultTimeZone;
    [Id(2)] public DateOnly? AppliedNight { get; set; }
    [Id(3)] public EmergencyLightingSettings Emergency { get; set; } = EmergencyLightingSettings.Default;
    /// <summary>The emergency's lighting in force: its lamps are not sent programs until it ends.</summary>
    [Id(4)] public EmergencyLit? EmergencyLit { get; set; }
}

/// <summary>
/// Keeps a township's schedules and sends each lamp its night's program (<see cref="LampProgram"/>). A lamp
/// is sent a program only when it differs from the one it has (sunset moves a minute every few days), so a
/// lamp that acknowledged is not sent it again. A reminder checks every hour whether a new night began
/// (local noon) and applies it; the lamps run it on their own, link or no link.
/// </summary>
public sealed partial class LightingGrain(
    [PersistentState("lighting")] IPersistentState<LightingState> state,
    DomainClock clock,
    ILogger<LightingGrain> log) : Grain, ILightingGrain, IRemindable
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>Who the lamps' command log names for what the schedules sent.</summary>
    public const string Sender = "lighting";

    private const string NightReminder = "lighting-night";

    /// <summary>Lamps asked at once; a township of 800 is four batches.</summary>
    private const int Batch = 200;

    private LightingState S => state.State;
    private string Township => this.GetPrimaryKeyString();

    public async Task<LightingApplied> SetSchedule(ScheduleScope scope, LightingSchedule schedule, string by)
    {
        if ((scope.Problem() ?? schedule.Problem()) is { } problem) return LightingApplied.Refused(problem);
        S.Schedules[scope.ToString()] = new ScopedSchedule(scope, schedule, by, clock.Now);
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(NightReminder, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        return await Apply();
    }

    public async Task<LightingApplied> RemoveSchedule(ScheduleScope scope, string by)
    {
        if (!S.Schedules.Remove(scope.ToString())) return LightingApplied.Refused($"no schedule for {scope}");
        await state.WriteStateAsync();
        return await Apply();
    }

    public async Task<LightingApplied> SetTimeZone(string timeZone, string by)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)) return LightingApplied.Refused($"unknown time zone {timeZone}");
        S.TimeZone = timeZone;
        await state.WriteStateAsync();
        return await Apply();
    }

    public Task<LightingBook> GetBook() => Task.FromResult(new LightingBook
    {
        Township = Township, TimeZone = S.TimeZone, AppliedNight = S.AppliedNight,
        Schedules = [.. S.Schedules.Values.OrderBy(s => s.Scope.Kind).ThenBy(s => s.Scope.Id, StringComparer.Ordinal)],
        Emergency = S.Emergency, EmergencyLit = S.EmergencyLit,
    });

    public async Task<LightingApplied> Apply()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(S.TimeZone);
        var night = LightingPlanner.NightOf(clock.Now, zone);
        var outcomes = new List<Outcome>();
        foreach (var batch in (await GrainFactory.GetGrain<ITownshipLampsGrain>(Township).Get()).Chunk(Batch))
            outcomes.AddRange(await Task.WhenAll(batch.Select(id => ApplyTo(id, zone, night))));

        S.AppliedNight = night;
        await state.WriteStateAsync();
        var applied = new LightingApplied
        {
            Sent = outcomes.Count(o => o == Outcome.Sent), Unchanged = outcomes.Count(o => o == Outcome.Unchanged),
            Unscheduled = outcomes.Count(o => o == Outcome.Unscheduled), Failed = outcomes.Count(o => o == Outcome.Failed),
            Emergency = outcomes.Count(o => o == Outcome.Emergency),
        };
        log.LogInformation("Lighting of {Township} for the night of {Night}: {Sent} lamps sent a program, {Unchanged} unchanged, {Unscheduled} unscheduled, {Failed} failed, {Emergency} held lit by an emergency",
            Township, night, applied.Sent, applied.Unchanged, applied.Unscheduled, applied.Failed, applied.Emergency);
        return applied;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != NightReminder) return;
        await EndEmergencyIfOver();
        if (S.Schedules.Count == 0) return;
        if (LightingPlanner.NightOf(clock.Now, TimeZoneInfo.FindSystemTimeZoneById(S.TimeZone)) != S.AppliedNight) await Apply();
    }

    private async Task<Outcome> ApplyTo(string lampId, TimeZoneInfo zone, DateOnly night)
    {
        var lamp = GrainFactory.GetGrain<IStreetlightGrain>(lampId);
        if (await lamp.GetProfile() is not { } profile) return Outcome.Failed;
        if (S.EmergencyLit?.Covers(profile) == true) return Outcome.Emergency;
        if (ScheduleFor(profile) is not { } scoped) return Outcome.Unscheduled;
        var schedule = scoped.Schedule;
        if (LightingPlanner.Night(schedule, profile.Lat, profile.Lon, zone, night) is not { } plan) return Outcome.Unscheduled;
        var program = plan.ToProgram(S.TimeZone, schedule.Switching == SwitchMode.Lux ? schedule.SwitchLux : null, scoped.Scope.ToString());
        var result = await lamp.RunProgram(program, Sender);
        return !result.Ok ? Outcome.Failed : result.Command is null ? Outcome.Unchanged : Outcome.Sent;
    }

    /// <summary>The narrowest scope with a schedule: the lamp's own, its feeder's, street's, village's, the township's.</summary>
    public ScopedSchedule? ScheduleFor(LampProfile lamp) =>
        ScheduleScope.Of(lamp.LampId, lamp.Feeder, lamp.Street, lamp.Village)
            .Select(scope => S.Schedules.GetValueOrDefault(scope.ToString()))
            .FirstOrDefault(s => s is not null);

    private enum Outcome { Sent, Unchanged, Unscheduled, Failed, Emergency }
}
