using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>The per-lamp hours the history keeps: what a clock hour used, its baseline and its lit time.</summary>
public sealed class EnergyMeterTests
{
    private static readonly DateTimeOffset Eight = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_report_past_an_hour_ends_that_hour_with_what_it_used_and_how_long_the_lamp_was_lit()
    {
        var meter = new EnergyMeter();
        Assert.Null(meter.Record(Report(Eight.AddMinutes(40), on: false, wh: 90), ratedWatts: 120));
        Assert.Null(meter.Record(Report(Eight.AddMinutes(50), on: true, wh: 100), ratedWatts: 120));
        Assert.Null(meter.Record(Report(Eight.AddMinutes(56), on: true, wh: 110), ratedWatts: 120));
        var hour = meter.Record(Report(Eight.AddMinutes(61), on: true, wh: 118), ratedWatts: 120);

        // 08:50–08:56 lit; the interval across 09:00 belongs to the next hour.
        Assert.NotNull(hour);
        Assert.Equal(Eight, hour.Hour);
        Assert.Equal(20, hour.UsedWh, 6);
        Assert.Equal(120 * 0.1, hour.BaselineWh, 6);
        Assert.Equal(0.1, hour.LitHours, 6);

        // Silent from 09:01 to 11:10 (a gap: not counted): the 09:00 hour holds the 08:56–09:01 interval alone.
        var next = meter.Record(Report(Eight.AddHours(3).AddMinutes(10), on: true, wh: 200), ratedWatts: 120);
        Assert.Equal(Eight.AddHours(1), next!.Hour);
        Assert.Equal(8, next.UsedWh, 6);
        Assert.Equal(5 / 60.0, next.LitHours, 6);
    }

    private static LampTelemetry Report(DateTimeOffset at, bool on, double wh) => new() { Timestamp = at, On = on, EnergyWh = wh };
}
