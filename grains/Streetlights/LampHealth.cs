namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// TALQ's lamp-health counters: how often the lamp switched (from its reports' <c>on</c>), with the recent switches for
/// LAMP_CYCLING (more than <see cref="FaultThresholds.CyclingSwitches"/> within <see cref="FaultThresholds.CyclingWindow"/>),
/// and NEAR_END_OF_LIFE once its burn hours (<see cref="EnergyMeter.LitHours"/>, counted since the platform first heard
/// it) reach <see cref="FaultThresholds.LifeWarningShare"/> of <see cref="FaultThresholds.RatedLifeHours"/>.
/// </summary>
[GenerateSerializer, Alias("GridDispatch.Streetlights.LampHealth")]
public sealed class LampHealth
{
    /// <summary>On/off changes seen since the platform first heard the lamp.</summary>
    [Id(0)] public long Switches { get; set; }
    // Null while empty, as it is but for a lamp that switched within the window: an empty list in every lamp is memory for nothing.
    [Id(1)] private List<DateTimeOffset>? _recent;

    /// <summary>When the changes within the cycling window happened, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Recent => _recent ?? [];

    /// <summary>Counts a switch if the report's state differs from the last known one; returns the faults the counters show.</summary>
    public FaultSet Record(LampTelemetry t, bool? lastOn, double burnHours, FaultThresholds limits)
    {
        if (t.On is { } on && lastOn is { } was && on != was)
        {
            Switches++;
            (_recent ??= []).Add(t.Timestamp);
        }

        // Bounded: only the window's switches are kept, and never more than one past the limit.
        if (_recent is not null)
        {
            _recent.RemoveAll(at => t.Timestamp - at > limits.CyclingWindow);
            if (_recent.Count > limits.CyclingSwitches + 1) _recent.RemoveRange(0, _recent.Count - limits.CyclingSwitches - 1);
            if (_recent.Count == 0) _recent = null;
        }

        return Judge(burnHours, limits);
    }

    private FaultSet Judge(double burnHours, FaultThresholds limits)
    {
        var faults = FaultSet.None;
        if (Recent.Count > limits.CyclingSwitches) faults = faults.With(FaultCode.LAMP_CYCLING);
        if (burnHours >= limits.RatedLifeHours * limits.LifeWarningShare) faults = faults.With(FaultCode.NEAR_END_OF_LIFE);
        return faults;
    }
}
