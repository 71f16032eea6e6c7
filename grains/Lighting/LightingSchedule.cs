using System.Globalization;

namespace GridDispatch.Grains.Lighting;

/// <summary>How a schedule switches its lamps on and off.</summary>
[GenerateSerializer]
public enum SwitchMode
{
    /// <summary>天文钟: at sunset and sunrise at the lamp, each with an offset.</summary>
    Astronomical,
    /// <summary>光控: the lamp switches itself on below <see cref="LightingSchedule.SwitchLux"/>.</summary>
    Lux,
}

/// <summary>From <see cref="At"/> (local HH:mm) the lamps burn at <see cref="Brightness"/> %, until the next level or switch-off.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.DimLevel")]
public sealed record DimLevel([property: Id(0)] string At, [property: Id(1)] int Brightness)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeOnly? Time => TimeOnly.TryParseExact(At, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
}

/// <summary>
/// 特殊日 (festival, market day): on a night starting on <see cref="Date"/>, or on any of <see cref="DaysOfMonth"/>
/// (赶场 on the 3rd, 6th, 9th…), the lamps burn at <see cref="Brightness"/> then <see cref="Steps"/> instead of the schedule's own.
/// A dated exception wins over a recurring one on the same night.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.CalendarException")]
public sealed record CalendarException
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public DateOnly? Date { get; init; }
    [Id(2)] public IReadOnlyList<int> DaysOfMonth { get; init; } = [];
    [Id(3)] public int Brightness { get; init; } = 100;
    [Id(4)] public IReadOnlyList<DimLevel> Steps { get; init; } = [];

    public bool Covers(DateOnly night) => Date == night || DaysOfMonth.Contains(night.Day);
}

/// <summary>
/// 控制方案 (a TALQ control program): when a scope's lamps switch on and off, and the dimming through
/// the night, e.g. on 10 minutes after sunset at 100 %, 60 % from 22:00, off at sunrise. Steps are
/// local times of the township's time zone; a step outside the night (on to off) does not apply.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.LightingSchedule")]
public sealed record LightingSchedule
{
    public const int MaxSteps = 8;
    public const int MaxExceptions = 50;
    public const int MaxOffsetMinutes = 180;

    [Id(0)] public SwitchMode Switching { get; init; } = SwitchMode.Astronomical;
    /// <summary>Minutes after sunset the lamps switch on (negative: before).</summary>
    [Id(1)] public int OnOffsetMinutes { get; init; }
    /// <summary>Minutes after sunrise the lamps switch off (negative: before).</summary>
    [Id(2)] public int OffOffsetMinutes { get; init; }
    /// <summary>Lux mode: lit while ambient light is below this.</summary>
    [Id(3)] public int? SwitchLux { get; init; }
    /// <summary>From switch-on until the first step.</summary>
    [Id(4)] public int Brightness { get; init; } = 100;
    [Id(5)] public IReadOnlyList<DimLevel> Steps { get; init; } = [];
    [Id(6)] public IReadOnlyList<CalendarException> Exceptions { get; init; } = [];

    /// <summary>Why this schedule cannot be run, or null.</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Switching)) return "switching is astronomical or lux";
        if (Math.Abs(OnOffsetMinutes) > MaxOffsetMinutes || Math.Abs(OffOffsetMinutes) > MaxOffsetMinutes)
            return $"offsets are at most {MaxOffsetMinutes} minutes either way";
        if (Switching == SwitchMode.Lux && SwitchLux is not (> 0 and <= 1000)) return "lux switching needs switchLux of 1 to 1000";
        if (LevelsProblem(Brightness, Steps) is { } steps) return steps;
        if (Exceptions.Count > MaxExceptions) return $"at most {MaxExceptions} calendar exceptions";
        foreach (var e in Exceptions)
        {
            if (string.IsNullOrWhiteSpace(e.Name)) return "a calendar exception needs a name";
            if (e.Date is null && e.DaysOfMonth.Count == 0) return $"calendar exception {e.Name} needs a date or days of the month";
            if (e.DaysOfMonth.Any(d => d is < 1 or > 31)) return $"calendar exception {e.Name}: days of the month are 1 to 31";
            if (LevelsProblem(e.Brightness, e.Steps) is { } problem) return $"calendar exception {e.Name}: {problem}";
        }

        return null;
    }

    private static string? LevelsProblem(int brightness, IReadOnlyList<DimLevel> steps)
    {
        if (brightness is < 0 or > 100) return "brightness is 0 to 100 %";
        if (steps.Count > MaxSteps) return $"at most {MaxSteps} dimming steps";
        if (steps.Any(s => s.Time is null || s.Brightness is < 0 or > 100)) return "a dimming step is HH:mm at 0 to 100 %";
        if (steps.Select(s => s.At).Distinct().Count() != steps.Count) return "two dimming steps at the same time";
        return null;
    }
}
