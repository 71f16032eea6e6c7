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

    /// <summary>Says it is off (<c>on:false</c>) yet draws at least this (A) with the supply present: RELAY_FAILURE (stuck closed).</summary>
    [Range(0, 10)] public double RelayStuckCurrent { get; set; } = 0.05;

    /// <summary>
    /// Lit at a reported brightness of at least <see cref="PowerCheckMinBrightness"/>, drawing more (less) than rated watts ×
    /// brightness by more than this share: POWER_HIGH (POWER_LOW). Wide by default: drivers differ, and are not linear at deep dimming.
    /// </summary>
    [Range(0.01, 10)] public double PowerTolerance { get; set; } = 0.5;

    /// <summary>Below this brightness (%) power is not judged.</summary>
    [Range(0, 100)] public double PowerCheckMinBrightness { get; set; } = 20;

    /// <summary>More on/off changes than this within <see cref="CyclingWindow"/>: LAMP_CYCLING (a lamp's night has two).</summary>
    [Range(1, 1000)] public int CyclingSwitches { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")] public TimeSpan CyclingWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A lamp's rated life in burn hours (LED luminaires: 50,000).</summary>
    [Range(1, 1_000_000)] public double RatedLifeHours { get; set; } = 50_000;

    /// <summary>Burnt this share of <see cref="RatedLifeHours"/>: NEAR_END_OF_LIFE.</summary>
    [Range(0.01, 1)] public double LifeWarningShare { get; set; } = 0.9;

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

    /// <summary>
    /// A mass silence: when a lamp reaches COMM_LOSS's limit, at least this many lamps of its silo, and at least
    /// <see cref="MassSilenceShare"/> of those it watches, are falling silent (silent for the limit less one report
    /// interval, and at least 1.5 intervals: an outage's lamps reach the limit over one interval, each at its own report
    /// time). Then the platform, not the lamps, is the likelier cause (a backhaul or broker outage, or the silo still
    /// catching up on the reports queued for it after a restart), and their COMM_LOSS is held as one outage
    /// (<see cref="LampLivenessMonitor"/>) until fewer than this many are falling silent.
    /// </summary>
    [Range(1, int.MaxValue)] public int MassSilenceMinLamps { get; set; } = 1000;

    [Range(0.01, 1)] public double MassSilenceShare { get; set; } = 0.2;

    public TimeSpan CommLossAfter => ReportInterval * CommLossIntervals;
}
