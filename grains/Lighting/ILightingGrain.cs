namespace GridDispatch.Grains.Lighting;

/// <summary>
/// 照明控制 of one township (keyed by township id): its schedules by scope, and sending each lamp the
/// program of the night it should be running. Every change is applied to the lamps at once. An emergency lights
/// its area instead (<see cref="Townships.IEmergencyLightingGrain"/>).
/// </summary>
[Alias("GridDispatch.Lighting.ILightingGrain")]
public interface ILightingGrain : Townships.IEmergencyLightingGrain
{
    /// <summary>Sets (or replaces) the schedule of one scope; refused with a reason when the schedule or scope is not one.</summary>
    [Alias("SetSchedule")] Task<LightingApplied> SetSchedule(ScheduleScope scope, LightingSchedule schedule, string by);

    /// <summary>Removes one scope's schedule: its lamps fall back to the next wider scope's.</summary>
    [Alias("RemoveSchedule")] Task<LightingApplied> RemoveSchedule(ScheduleScope scope, string by);

    /// <summary>The township's local time zone (IANA id, Asia/Shanghai unless set): the steps' clock.</summary>
    [Alias("SetTimeZone")] Task<LightingApplied> SetTimeZone(string timeZone, string by);

    [Alias("GetBook")] Task<LightingBook> GetBook();

    /// <summary>Sends every lamp the program for the night it should now be running, where it differs from what it has (not lamps an emergency holds lit).</summary>
    [Alias("Apply")] Task<LightingApplied> Apply();

    /// <summary>应急照明: whether an emergency lights the lamps, how bright, which area. Refused with a reason when it is not one.</summary>
    [Alias("SetEmergencySettings")] Task<string?> SetEmergencySettings(EmergencyLightingSettings settings, string by);

}

/// <summary>One scope's schedule, and who set it when.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.ScopedSchedule")]
public sealed record ScopedSchedule(
    [property: Id(0)] ScheduleScope Scope, [property: Id(1)] LightingSchedule Schedule, [property: Id(2)] string By, [property: Id(3)] DateTimeOffset At);

/// <summary>A township's schedules (widest scope first) and clock.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.LightingBook")]
public sealed record LightingBook
{
    [Id(0)] public required string Township { get; init; }
    [Id(1)] public required string TimeZone { get; init; }
    [Id(2)] public IReadOnlyList<ScopedSchedule> Schedules { get; init; } = [];
    /// <summary>The night last sent to the lamps (its evening's local date).</summary>
    [Id(3)] public DateOnly? AppliedNight { get; init; }
    [Id(4)] public EmergencyLightingSettings Emergency { get; init; } = EmergencyLightingSettings.Default;
    /// <summary>The emergency's lighting in force, if any.</summary>
    [Id(5)] public EmergencyLit? EmergencyLit { get; init; }
}

/// <summary>What applying did: lamps sent a program, lamps that already had it, lamps no schedule covers (or without a night there).</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.LightingApplied")]
public sealed record LightingApplied
{
    [Id(0)] public string? Error { get; init; }
    [Id(1)] public int Sent { get; init; }
    [Id(2)] public int Unchanged { get; init; }
    [Id(3)] public int Unscheduled { get; init; }
    /// <summary>Lamps that refused the program (unknown lamp, too many steps).</summary>
    [Id(4)] public int Failed { get; init; }
    /// <summary>Lamps left alone because an emergency holds them lit.</summary>
    [Id(5)] public int Emergency { get; init; }

    public static LightingApplied Refused(string error) => new() { Error = error };
}
