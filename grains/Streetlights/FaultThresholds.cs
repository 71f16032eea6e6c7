using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// When telemetry means a fault (docs/DOMAIN-MODEL.md, Streetlight faults). Section <c>Streetlights:Faults</c>.
/// Defaults follow the seeds and common 220 V practice in China.
/// </summary>
public sealed class FaultThresholds
{
    public const string Section = "Streetlights:Faults";

    /// <summary>Commanded on with less current than this (A): LAMP_FAILURE.</summary>
    [Range(0, 10)] public double LampFailureMaxCurrent { get; set; } = 0.02;

    /// <summary>Mains below this (V): POWER_FAILURE.</summary>
    [Range(0, 400)] public double MinVoltage { get; set; } = 180;

    /// <summary>Mains above this (V): OVER_VOLTAGE.</summary>
    [Range(0, 400)] public double MaxVoltage { get; set; } = 250;

    /// <summary>Lit while ambient light is above this (lux): DAY_BURNING.</summary>
    [Range(0, 200_000)] public double DaylightLux { get; set; } = 200;

    /// <summary>
    /// Around a switch time of a lamp's lighting program, this long either way, lit or dark is no fault:
    /// the lamp's clock and its report interval are not exact.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "02:00:00")] public TimeSpan ScheduleGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Solar battery below this (%): LOW_BATTERY.</summary>
    [Range(0, 100)] public double MinBatteryPercent { get; set; } = 20;

    /// <summary>Pole tilt above this (°): POLE_TILT.</summary>
    [Range(0, 90)] public double MaxTiltDegrees { get; set; } = 10;

    /// <summary>Leakage above this (mA): LEAKAGE.</summary>
    [Range(0, 1000)] public double MaxLeakageMa { get; set; } = 30;

    /// <summary>How often a lamp is expected to report.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Silent for this many report intervals: COMM_LOSS.</summary>
    [Range(1, 100)] public int CommLossIntervals { get; set; } = 3;

    /// <summary>
    /// A derived fault clears only after this many consecutive reports without it, so a value
    /// hovering at a threshold does not raise and clear an alarm on every message (flapping).
    /// </summary>
    [Range(1, 100)] public int ClearAfterReports { get; set; } = 3;

    /// <summary>
    /// How often each township wakes all its configured lamps (a reminder), so a lamp that never speaks
    /// again after a restart, or after its silo died, is still watched and gets COMM_LOSS.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan WatchSweepEvery { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan CommLossAfter => ReportInterval * CommLossIntervals;
}
