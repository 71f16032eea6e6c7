using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Grains.Lighting;

/// <summary>Turns a schedule into a night at one place: the astronomical clock (<see cref="LightingHours.Sun"/>), offsets, steps and the calendar.</summary>
public static class LightingPlanner
{
    /// <summary>
    /// The night a lamp should be running at <paramref name="now"/>: from local noon on, tonight's; before noon,
    /// last night's (still burning, or just over; the lamp's steps repeat daily, so the difference is a minute).
    /// </summary>
    public static DateOnly NightOf(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        return local.Hour >= 12 ? date : date.AddDays(-1);
    }

    /// <summary>The night starting on the evening of <paramref name="date"/>; null where the sun does not set and rise (polar day or night).</summary>
    public static NightPlan? Night(LightingSchedule schedule, double lat, double lon, TimeZoneInfo zone, DateOnly date)
    {
        if (LightingHours.Sun(lat, lon, date).Set is not { } sunset || LightingHours.Sun(lat, lon, date.AddDays(1)).Rise is not { } sunrise) return null;
        var on = sunset.AddMinutes(schedule.OnOffsetMinutes);
        var off = sunrise.AddMinutes(schedule.OffOffsetMinutes);
        if (off <= on) return null;

        // A dated exception (春节) wins over a recurring one (赶场) that falls on the same night.
        var exception = schedule.Exceptions.FirstOrDefault(e => e.Date == date) ?? schedule.Exceptions.FirstOrDefault(e => e.Covers(date));
        var (first, steps) = exception is null ? (schedule.Brightness, schedule.Steps) : (exception.Brightness, exception.Steps);
        // A step's time belongs to this night: afternoon and evening times on the date, morning times on the next.
        var timed = steps.Select(s => new PlannedLevel(At(date, s.Time!.Value, zone), s.Brightness)).OrderBy(l => l.At).ToList();
        var atOn = timed.LastOrDefault(l => l.At <= on)?.Brightness ?? first;
        List<PlannedLevel> levels = [new(on, atOn), .. timed.Where(l => l.At > on && l.At < off)];
        return new NightPlan { Date = date, On = on, Off = off, Levels = levels, Exception = exception?.Name };
    }

    private static DateTimeOffset At(DateOnly night, TimeOnly time, TimeZoneInfo zone)
    {
        var local = (time.Hour >= 12 ? night : night.AddDays(1)).ToDateTime(time);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
