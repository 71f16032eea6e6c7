namespace GridDispatch.Simulators.Lamps;

/// <summary>
/// A solar lamp's battery: the panel charges it by day (full in about eight hours of sun), the lamp drains it
/// at night by what it draws; capacity for about twelve hours at full power. Empty, the lamp goes dark.
/// </summary>
public sealed class SolarBattery(double ratedWatts, double startFraction)
{
    private readonly double _capacityWh = ratedWatts * 12;
    private double _wh = ratedWatts * 12 * startFraction;

    public double Percent => 100 * _wh / _capacityWh;

    public bool Empty => _wh <= 0;

    public void Step(bool night, double powerWatts, TimeSpan interval) =>
        _wh = Math.Clamp(_wh + (night ? -powerWatts : _capacityWh / 8) * interval.TotalHours, 0, _capacityWh);
}
