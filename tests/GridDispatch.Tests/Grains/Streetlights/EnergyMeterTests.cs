using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>The per-lamp hours the history keeps: what a clock hour used, its baseline (full power over the scheduled hours) and its lit time.</summary>
public sealed class EnergyMeterTests
{
    private static readonly DateTimeOffset Eight = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The schedule of these tests: due to burn from 08:45.</summary>
    private static bool FromQuarterToNine(DateTimeOffset at) => at >= Eight.AddMinutes(45);

    [Fact]
    public void The_first_report_past_an_hour_ends_that_hour_with_what_it_used_and_how_long_the_lamp_was_lit()
    {
        var meter = new EnergyMeter();
        Assert.Null(meter.Record(Report(Eight.AddMinutes(40), on: false, wh: 90), ratedWatts: 120, FromQuarterToNine));
        Assert.Null(meter.Record(Report(Eight.AddMinutes(50), on: true, wh: 100), ratedWatts: 120, FromQuarterToNine));
        Assert.Null(meter.Record(Report(Eight.AddMinutes(56), on: true, wh: 110), ratedWatts: 120, FromQuarterToNine));
        var hour = meter.Record(Report(Eight.AddMinutes(61), on: true, wh: 118), ratedWatts: 120, FromQuarterToNine);

        // 08:50–08:56 lit and scheduled; the interval across 09:00 belongs to the next hour.
        Assert.NotNull(hour);
        Assert.Equal(Eight, hour.Hour);
        Assert.Equal(20, hour.UsedWh, 6);
        Assert.Equal(120 * 0.1, hour.BaselineWh, 6);
        Assert.Equal(0.1, hour.LitHours, 6);

        // Silent from 09:01 to 11:10 (a gap: not counted): the 09:00 hour holds the 08:56–09:01 interval alone.
        var next = meter.Record(Report(Eight.AddHours(3).AddMinutes(10), on: true, wh: 200), ratedWatts: 120, FromQuarterToNine);
        Assert.Equal(Eight.AddHours(1), next!.Hour);
        Assert.Equal(8, next.UsedWh, 6);
        Assert.Equal(5 / 60.0, next.LitHours, 6);
    }

    [Fact]
    public void The_baseline_is_full_power_over_the_scheduled_hours_whatever_the_lamp_did()
    {
        var meter = new EnergyMeter();
        // 08:30–08:45 lit by day: used, no baseline. 08:45–09:15 scheduled, lit at half power: half its baseline saved.
        // 09:15–09:30 scheduled but dark (LAMP_OUT): all its baseline saved.
        meter.Record(Report(Eight.AddMinutes(30), on: true, wh: 0), 120, FromQuarterToNine);
        meter.Record(Report(Eight.AddMinutes(45), on: true, wh: 30), 120, FromQuarterToNine);
        meter.Record(Report(Eight.AddMinutes(60), on: true, wh: 45), 120, FromQuarterToNine);
        meter.Record(Report(Eight.AddMinutes(75), on: false, wh: 60), 120, FromQuarterToNine);
        meter.Record(Report(Eight.AddMinutes(90), on: false, wh: 60), 120, FromQuarterToNine);

        Assert.Equal(60, meter.UsedWh, 6);
        Assert.Equal(120 * 0.75, meter.BaselineWh, 6);
        Assert.Equal(0.75, meter.LitHours, 6);
        Assert.Equal(1 / 3.0, meter.Savings!.Value, 6);
    }

    private static LampTelemetry Report(DateTimeOffset at, bool on, double wh) => new() { Timestamp = at, On = on, EnergyWh = wh };
}
