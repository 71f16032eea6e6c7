using Orleans.Concurrency;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Where a streetlight files its alarms; the incident side implements it, so streetlights never name
/// incidents. One per township: turns lamp alarms into work orders, one order for many nearby faults.
/// A fault joins an open order on the same feeder (a supply fault: one outage, not N tickets) or on the
/// same street within a configured distance; otherwise it opens one. Both calls interleave: they only queue
/// their errand for the desk's next batch and wait for it (see LampWorkOrdersGrain).
/// </summary>
[Alias("GridDispatch.Incidents.ILampWorkOrdersGrain")]
public interface ILampWorkOrdersGrain : IGrainWithStringKey
{
    /// <summary>Returns the incident id the fault was filed under.</summary>
    [Alias("AlarmRaised"), AlwaysInterleave] Task<string?> AlarmRaised(Alarm alarm, LampProfile lamp);

    [Alias("AlarmCleared"), AlwaysInterleave] Task AlarmCleared(Alarm alarm, LampProfile lamp);
}
