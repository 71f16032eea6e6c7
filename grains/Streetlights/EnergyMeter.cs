namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Energy a lamp used against what it would have used lit at full rated power for the same time
/// (the seeds' "节电 30 %" is 1 − used / baseline). Prefers the lamp's own meter; integrates power
/// otherwise. Gaps longer than <see cref="MaxGap"/> are not counted, so a lamp back from days
/// offline does not book days of baseline.
/// </summary>
[GenerateSerializer, Alias("GridDispatch.Streetlights.EnergyMeter")]
public sealed class EnergyMeter
{
    public static readonly TimeSpan MaxGap = TimeSpan.FromMinutes(15);

    [Id(0)] public double UsedWh { get; set; }
    [Id(1)] public double BaselineWh { get; set; }
    [Id(2)] public double? LastMeterWh { get; set; }
    [Id(3)] public DateTimeOffset? LastAt { get; set; }
    [Id(4)] public bool LastOn { get; set; }
    [Id(5)] public double? LastPower { get; set; }

    public void Record(LampTelemetry t, double ratedWatts)
    {
        if (LastAt is { } lastAt && t.Timestamp > lastAt && t.Timestamp - lastAt <= MaxGap)
        {
            var hours = (t.Timestamp - lastAt).TotalHours;
            if (LastOn) BaselineWh += ratedWatts * hours;
            if (t.EnergyWh is { } meter && LastMeterWh is { } last && meter >= last) UsedWh += meter - last;
            else if (t.EnergyWh is null && LastOn && LastPower is { } power) UsedWh += power * hours;
            // A meter that went backwards was reset: that interval is not counted.
        }

        LastAt = t.Timestamp;
        LastMeterWh = t.EnergyWh ?? LastMeterWh;
        LastOn = t.On ?? LastOn;
        LastPower = t.Power ?? (t.On == false ? 0 : LastPower);
    }

    /// <summary>Share of the full-power baseline saved, 0–1; null before anything was lit.</summary>
    public double? Savings => BaselineWh > 0 ? 1 - UsedWh / BaselineWh : null;
}
