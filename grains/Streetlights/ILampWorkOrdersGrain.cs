using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// One per township: turns lamp alarms into work orders, one order for many nearby faults. A fault
/// joins an open order on the same feeder (a supply fault: one outage, not N tickets) or on the same
/// street within <see cref="LampWorkOrderOptions.BatchDistanceMeters"/>; otherwise it opens one.
/// </summary>
[Alias("GridDispatch.Incidents.ILampWorkOrdersGrain")]
public interface ILampWorkOrdersGrain : IGrainWithStringKey
{
    /// <summary>Returns the incident id the fault was filed under.</summary>
    [Alias("AlarmRaised")] Task<string?> AlarmRaised(Alarm alarm, LampProfile lamp);

    [Alias("AlarmCleared")] Task AlarmCleared(Alarm alarm, LampProfile lamp);
}

public sealed class LampWorkOrderOptions
{
    public const string Section = "Incidents:LampWorkOrders";

    /// <summary>Faults on one street closer than this share a work order.</summary>
    public double BatchDistanceMeters { get; set; } = 500;

    /// <summary>Supply faults on one feeder within this window are one outage.</summary>
    public TimeSpan FeederWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>This many lamps of one feeder without supply make a feeder outage (馈线停电).</summary>
    public int FeederOutageLamps { get; set; } = 3;
}
