using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Simulators.Lamps;

/// <summary>How simulated lamps behave: how often they report, how often they fail, and where the sun is.</summary>
public sealed record LampBehaviour
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Chance per report that a healthy lamp starts a fault (of any kind, shared evenly unless <see cref="FaultMix"/> says otherwise).</summary>
    public double FaultRate { get; init; } = 0.0005;

    /// <summary>Chance per report of each fault, overriding <see cref="FaultRate"/>'s even share for the faults it names.</summary>
    public IReadOnlyDictionary<string, double> FaultMix { get; init; } = new Dictionary<string, double>();

    private static readonly string[] Faults = ["LEAKAGE", "LAMP_FAILURE", "POLE_TILT", "OVER_VOLTAGE"];

    /// <summary>Each fault's chance per report.</summary>
    public IEnumerable<(string Fault, double Rate)> FaultRates =>
        Faults.Select(f => (f, FaultMix.TryGetValue(f, out var rate) ? rate : FaultRate / Faults.Length))
            .Concat(FaultMix.Where(m => !Faults.Contains(m.Key)).Select(m => (m.Key, m.Value)));

    /// <summary>Reports a fault lasts before the lamp is mended (or mends itself).</summary>
    public int FaultReports { get; init; } = 12;

    /// <summary>Local time zone of the township (China Standard Time, UTC+8).</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Without a <see cref="Location"/>: lamps on from this time by the township's clock.</summary>
    public TimeOnly Dusk { get; init; } = new(18, 30);
    public TimeOnly Dawn { get; init; } = new(6, 30);

    /// <summary>Where the lamps stand: lamps on from sunset to sunrise there (the platform's 应亮灯), rather than at <see cref="Dusk"/> and <see cref="Dawn"/>.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>For scenarios set at dusk whatever the clock says.</summary>
    public bool AlwaysNight { get; init; }

    /// <summary>Night at the township: lamps on from dusk to dawn.</summary>
    public bool IsNight(DateTimeOffset now)
    {
        if (AlwaysNight) return true;
        if (Location is { } at) return LightingHours.IsDue(at.Lat, at.Lon, now);
        var local = TimeOnly.FromTimeSpan((now.UtcDateTime + UtcOffset).TimeOfDay);
        return local >= Dusk || local < Dawn;
    }
}
