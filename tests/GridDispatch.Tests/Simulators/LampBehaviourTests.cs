using GridDispatch.Simulators.Lamps;

namespace GridDispatch.Tests.Simulators;

/// <summary>The simulated lamp's own physics: a solar battery's day and night, and faults at their own rates.</summary>
public sealed class LampBehaviourTests
{
    [Fact]
    public void A_solar_battery_drains_by_what_the_lamp_draws_at_night_charges_by_day_and_stays_within_its_capacity()
    {
        var battery = new SolarBattery(ratedWatts: 50, startFraction: 0.5); // 600 Wh, half full
        battery.Step(night: true, powerWatts: 50, TimeSpan.FromHours(3));
        Assert.Equal(25, battery.Percent, precision: 6);
        battery.Step(night: false, powerWatts: 0, TimeSpan.FromHours(4)); // +75 Wh an hour
        Assert.Equal(75, battery.Percent, precision: 6);
        battery.Step(night: false, powerWatts: 0, TimeSpan.FromHours(10));
        Assert.Equal(100, battery.Percent, precision: 6);
        battery.Step(night: true, powerWatts: 50, TimeSpan.FromHours(13));
        Assert.True(battery.Empty);
        Assert.Equal(0, battery.Percent);
    }

    [Fact]
    public void Each_fault_has_its_own_rate_and_the_rest_share_the_overall_one()
    {
        var behaviour = new LampBehaviour { FaultRate = 0.004, FaultMix = new Dictionary<string, double> { ["LEAKAGE"] = 0.01, ["POWER_FAILURE"] = 0.002 } };
        var rates = behaviour.FaultRates.ToDictionary(r => r.Fault, r => r.Rate);

        Assert.Equal(0.01, rates["LEAKAGE"]);
        Assert.Equal(0.001, rates["LAMP_FAILURE"]);
        Assert.Equal(0.001, rates["POLE_TILT"]);
        Assert.Equal(0.002, rates["POWER_FAILURE"]); // a fault outside the usual four, named only by the mix
    }
}
