using System.Globalization;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// The program a lamp was sent to run on its own (本地运行), as a day of <see cref="DimmingStep"/>s in
/// local time of <see cref="TimeZone"/>: 0 % is off. It is what the lamp does if the link drops, so it
/// is also what the lamp is judged against: lit when it says off is DAY_BURNING, dark when it says on
/// is LAMP_OUT. With <see cref="SwitchLux"/> the lamp switches itself by ambient light, and only the
/// light level judges it.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.LampProgram")]
public sealed record LampProgram
{
    [Id(0)] public required IReadOnlyList<DimmingStep> Steps { get; init; }
    /// <summary>IANA id, e.g. Asia/Shanghai.</summary>
    [Id(1)] public required string TimeZone { get; init; }
    [Id(2)] public int? SwitchLux { get; init; }
    /// <summary>Which schedule made it (<c>village:v1</c>) and any calendar exception, for people.</summary>
    [Id(3)] public string? Source { get; init; }
    /// <summary>The night (its evening's local date) it was computed for; the steps repeat daily on the lamp.</summary>
    [Id(4)] public DateOnly? Night { get; init; }

    /// <summary>The brightness the program asks for at <paramref name="at"/> (0: off); null when no step covers the time.</summary>
    public int? LevelAt(DateTimeOffset at)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);
        foreach (var step in Steps)
        {
            var (from, to) = (Time(step.From), Time(step.To));
            if (from <= to ? local >= from && local < to : local >= from || local < to) return step.Brightness;
        }

        return null;
    }

    /// <summary>
    /// Should the lamp be lit at <paramref name="at"/>? Null when the program cannot say: lux switching, or
    /// within <paramref name="grace"/> of a switch (the lamp's clock and its report interval are not exact).
    /// </summary>
    public bool? ScheduledOn(DateTimeOffset at, TimeSpan grace)
    {
        if (SwitchLux is not null) return null;
        bool? Lit(DateTimeOffset t) => LevelAt(t) is { } level ? level > 0 : null;
        var now = Lit(at);
        return now is not null && Lit(at - grace) == now && Lit(at + grace) == now ? now : null;
    }

    /// <summary>Same steps, zone and switching (records compare lists by reference).</summary>
    public bool SameAs(LampProgram? other) =>
        other is not null && TimeZone == other.TimeZone && SwitchLux == other.SwitchLux && Steps.SequenceEqual(other.Steps);

    private static TimeOnly Time(string hhmm) => TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture);

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
