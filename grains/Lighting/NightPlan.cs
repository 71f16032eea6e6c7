using System.Globalization;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Grains.Lighting;

/// <summary>From <see cref="At"/> the lamps burn at <see cref="Brightness"/> %.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.PlannedLevel")]
public sealed record PlannedLevel([property: Id(0)] DateTimeOffset At, [property: Id(1)] int Brightness);

/// <summary>
/// One night of a schedule at one place: switched on at <see cref="On"/>, through <see cref="Levels"/>
/// (the first at <see cref="On"/>), off at <see cref="Off"/>. <see cref="Date"/> is the evening's local date.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.NightPlan")]
public sealed record NightPlan
{
    [Id(0)] public required DateOnly Date { get; init; }
    [Id(1)] public required DateTimeOffset On { get; init; }
    [Id(2)] public required DateTimeOffset Off { get; init; }
    [Id(3)] public required IReadOnlyList<PlannedLevel> Levels { get; init; }
    /// <summary>The calendar exception that shaped this night, if any.</summary>
    [Id(4)] public string? Exception { get; init; }

    /// <summary>Brightness at <paramref name="at"/>; null while off.</summary>
    public int? LevelAt(DateTimeOffset at) =>
        at < On || at >= Off ? null : Levels.Last(l => l.At <= at).Brightness;

    /// <summary>
    /// The night as a lamp runs it: steps in local HH:mm from switch-on through each level to switch-off,
    /// then the day at 0 % (or, switching by lux, at the first level: the lamp decides when it is lit).
    /// Times are rounded to the minute; a step shorter than that is dropped.
    /// </summary>
    public LampProgram ToProgram(string timeZone, int? switchLux, string? source)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        string Local(DateTimeOffset t)
        {
            var ticks = TimeZoneInfo.ConvertTime(t, zone).DateTime.Ticks + TimeSpan.TicksPerMinute / 2;
            return new DateTime(ticks - ticks % TimeSpan.TicksPerMinute).ToString("HH:mm", CultureInfo.InvariantCulture);
        }

        var changes = Levels.Select(l => (At: Local(l.At), l.Brightness)).Append((At: Local(Off), Brightness: switchLux is null ? 0 : Levels[0].Brightness)).ToList();
        var steps = new List<DimmingStep>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var to = changes[(i + 1) % changes.Count].At;
            if (changes[i].At != to) steps.Add(new DimmingStep(changes[i].At, to, changes[i].Brightness));
        }

        return new LampProgram { Steps = steps, TimeZone = timeZone, SwitchLux = switchLux, Source = Exception is null ? source : $"{source} {Exception}", Night = Date };
    }
}
