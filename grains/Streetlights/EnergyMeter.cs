namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Energy a lamp used against its baseline: full rated power over the hours it was scheduled to burn
/// (the seeds' "节电 30 %" is 1 − used / baseline, so the saving is what dimming and a shorter night save,
/// and a lamp lit by day saves less). Prefers the lamp's own meter; integrates power otherwise. Gaps longer
/// than <see cref="MaxGap"/> are not counted, so a lamp back from days offline does not book days of baseline.
/// </summary>
[GenerateSerializer, Alias("GridDispatch.Streetlights.EnergyMeter")]
public sealed class EnergyMeter
{
    public static readonly TimeSpan MaxGap = TimeSpan.FromMinutes(15);

    [Id(0)] public double UsedWh { get; set; }
    /// <summary>Rated watts × scheduled burn hours (应亮时长), between reports, gaps aside.</summary>
    [Id(1)] public double BaselineWh { get; set; }
    [Id(2)] public double? LastMeterWh { get; set; }
    [Id(3)] public DateTimeOffset? LastAt { get; set; }
    [Id(4)] public bool LastOn { get; set; }
    [Id(5)] public double? LastPower { get; set; }
    /// <summary>Hours lit (燃亮时长), counted like the baseline: between reports of a lit lamp, gaps aside.</summary>
    [Id(6)] public double LitHours { get; set; }
    /// <summary>The clock hour being counted, and the totals when it began (the history's per-lamp hours).</summary>
    [Id(7)] public DateTimeOffset? HourStart { get; set; }
    [Id(8)] public double HourStartUsedWh { get; set; }
    [Id(9)] public double HourStartBaselineWh { get; set; }
    [Id(10)] public double HourStartLitHours { get; set; }

    /// <summary>
    /// Counts a report; returns the clock hour it ended, if it is the first report past that hour. An interval
    /// that straddles the hour's end is counted in the new hour: an hour is exact to one report interval.
    /// <paramref name="scheduledOn"/> says whether the lamp was due to burn at an instant; an interval counts in the
    /// baseline when its start was (as lit time counts when the lamp said it was lit at the start).
    /// </summary>
    public EnergyHour? Record(LampTelemetry t, double ratedWatts, Func<DateTimeOffset, bool> scheduledOn)
    {
        var ended = EndHour(t.Timestamp);
        if (LastAt is { } lastAt && t.Timestamp > lastAt && t.Timestamp - lastAt <= MaxGap)
        {
            var hours = (t.Timestamp - lastAt).TotalHours;
            if (scheduledOn(lastAt)) BaselineWh += ratedWatts * hours;
            if (LastOn) LitHours += hours;
            if (t.EnergyWh is { } meter && LastMeterWh is { } last && meter >= last) UsedWh += meter - last;
            else if (t.EnergyWh is null && LastOn && LastPower is { } power) UsedWh += power * hours;
            // A meter that went backwards was reset: that interval is not counted.
        }

        LastAt = t.Timestamp;
        LastMeterWh = t.EnergyWh ?? LastMeterWh;
        LastOn = t.On ?? LastOn;
        LastPower = t.Power ?? (t.On == false ? 0 : LastPower);
        return ended;
    }

    private EnergyHour? EndHour(DateTimeOffset at)
    {
        var hour = new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        if (HourStart == hour) return null;
        EnergyHour? ended = HourStart is { } start && hour > start
            ? new EnergyHour(start, UsedWh - HourStartUsedWh, BaselineWh - HourStartBaselineWh, LitHours - HourStartLitHours)
            : null;
        (HourStart, HourStartUsedWh, HourStartBaselineWh, HourStartLitHours) = (hour, UsedWh, BaselineWh, LitHours);
        return ended;
    }

    /// <summary>Share of the full-power baseline saved, 0–1; null before anything was lit.</summary>
    public double? Savings => BaselineWh > 0 ? 1 - UsedWh / BaselineWh : null;
}

/// <summary>What a lamp used in one clock hour from <see cref="Hour"/>, against its full-power baseline, and how long it was lit.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.EnergyHour")]
public sealed record EnergyHour(
    [property: Id(0)] DateTimeOffset Hour, [property: Id(1)] double UsedWh, [property: Id(2)] double BaselineWh, [property: Id(3)] double LitHours);
