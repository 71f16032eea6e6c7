using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>TALQ's further conditions from telemetry: a stuck relay, power out of band for the level, cycling, and near end of life.</summary>
public sealed class LampHealthTests
{
    private static readonly FaultThresholds Limits = new();
    private static readonly DateTimeOffset Night = new(2026, 11, 24, 21, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A 100 W mains lamp lit at 80 % drawing 88 W.</summary>
    private static LampTelemetry Lit => new() { Timestamp = Night, On = true, Brightness = 80, Voltage = 220, Current = 0.4, Power = 88 };

    [Fact]
    public void A_lamp_that_says_off_yet_draws_current_on_mains_has_a_stuck_relay()
    {
        Assert.True(RelayCheck.StuckClosed(Lit with { On = false, Brightness = 0 }, LampKind.Mains, Limits));
        Assert.False(RelayCheck.StuckClosed(Lit with { On = false, Brightness = 0, Current = 0.01, Power = 0 }, LampKind.Mains, Limits)); // switched off as told
        Assert.False(RelayCheck.StuckClosed(Lit, LampKind.Mains, Limits)); // on, and drawing: as it should
        Assert.False(RelayCheck.StuckClosed(Lit with { On = false, Voltage = 12 }, LampKind.Solar, Limits)); // a solar lamp's volts are its battery's
    }

    [Theory]
    [InlineData(80, 88, null)] // in band
    [InlineData(80, 130, FaultCode.POWER_HIGH)] // 80 W expected, +62 %
    [InlineData(80, 30, FaultCode.POWER_LOW)] // −62 %: half its LEDs dark
    [InlineData(50, 60, null)] // dimmed to 50 %: 50 W expected
    [InlineData(50, 88, FaultCode.POWER_HIGH)] // dimmed, yet drawing as at 80 %
    [InlineData(10, 30, null)] // deep dimming is not judged
    public void Power_is_judged_against_rated_watts_times_the_reported_brightness(double brightness, double power, FaultCode? expected)
    {
        var faults = PowerBand.Judge(Lit with { Brightness = brightness, Power = power }, ratedWatts: 100, Limits);

        Assert.Equal(expected is { } code ? FaultSet.Of(code) : FaultSet.None, faults);
    }

    [Fact]
    public void Power_is_not_judged_where_another_fault_explains_it_or_a_reading_is_missing()
    {
        Assert.Equal(FaultSet.None, PowerBand.Judge(Lit with { Current = 0, Power = 0 }, 100, Limits)); // LAMP_FAILURE
        Assert.Equal(FaultSet.None, PowerBand.Judge(Lit with { Voltage = 150, Power = 20 }, 100, Limits)); // POWER_FAILURE
        Assert.Equal(FaultSet.None, PowerBand.Judge(Lit with { Brightness = null, Power = 20 }, 100, Limits));
        Assert.Equal(FaultSet.None, PowerBand.Judge(Lit with { On = false, Power = 200 }, 100, Limits));
    }

    [Fact]
    public void Switches_are_counted_and_more_than_the_limit_within_the_window_is_cycling()
    {
        var health = new LampHealth();
        bool? last = null;
        FaultSet Report(int minute, bool on)
        {
            var faults = health.Record(Lit with { Timestamp = Night.AddMinutes(minute), On = on }, last, burnHours: 0, Limits);
            last = on;
            return faults;
        }

        Assert.Equal(FaultSet.None, Report(0, true)); // the first report is no switch
        for (var i = 1; i <= Limits.CyclingSwitches; i++) Assert.Equal(FaultSet.None, Report(i * 5, i % 2 == 0));
        Assert.Equal(FaultSet.Of(FaultCode.LAMP_CYCLING), Report(35, Limits.CyclingSwitches % 2 != 0));
        Assert.Equal(Limits.CyclingSwitches + 1, health.Switches);

        // An hour on, the window has moved past them: steady again, and the count stays.
        Assert.Equal(FaultSet.None, Report(100, Limits.CyclingSwitches % 2 != 0));
        Assert.Equal(Limits.CyclingSwitches + 1, health.Switches);
        Assert.Empty(health.Recent);
    }

    [Fact]
    public void Near_its_rated_life_a_lamp_warns()
    {
        var limits = new FaultThresholds { RatedLifeHours = 1_000, LifeWarningShare = 0.9 };

        Assert.Equal(FaultSet.None, new LampHealth().Record(Lit, true, burnHours: 899.9, limits));
        Assert.Equal(FaultSet.Of(FaultCode.NEAR_END_OF_LIFE), new LampHealth().Record(Lit, true, burnHours: 900, limits));
        Assert.Equal(AlarmSeverity.Info, FaultCodes.SeverityOf(FaultCode.NEAR_END_OF_LIFE));
    }
}
