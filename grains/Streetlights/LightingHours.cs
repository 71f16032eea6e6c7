namespace GridDispatch.Grains.Streetlights;

/// <summary>One night: lamps are due to be lit (应亮灯) from <see cref="Dusk"/> until <see cref="Dawn"/>.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.Night")]
public sealed record Night([property: Id(0)] DateTimeOffset Dusk, [property: Id(1)] DateTimeOffset Dawn)
{
    public bool Contains(DateTimeOffset at) => at >= Dusk && at < Dawn;
}

/// <summary>
/// When a township's lamps should be lit: from sunset to sunrise at its location, until a lighting
/// schedule says otherwise. Sunset and sunrise come from the standard sunrise equation (the sun's
/// upper limb on the horizon, refraction included: −0.833°), good to a minute or two, which is
/// all a lit-rate figure needs; no ephemeris library for one formula.
/// </summary>
public static class LightingHours
{
    private const double J2000 = 2451545.0;
    private const double UnixEpochJulian = 2440587.5;
    private const double Deg = Math.PI / 180;

    /// <summary>Lit now at (<paramref name="lat"/>, <paramref name="lon"/>)?</summary>
    public static bool IsDue(double lat, double lon, DateTimeOffset now) => Nights(lat, lon, now).Any(n => n.Contains(now));

    /// <summary>The night before, around and after <paramref name="now"/>: enough for a screen to tell day from night for a day or so.</summary>
    public static IReadOnlyList<Night> Nights(double lat, double lon, DateTimeOffset now)
    {
        // The local solar date: days are counted from local noon, not from Greenwich's.
        var today = DateOnly.FromDateTime(now.UtcDateTime.AddHours(lon / 15));
        var nights = new List<Night>(4);
        for (var d = -1; d <= 1; d++)
        {
            var evening = Sun(lat, lon, today.AddDays(d));
            var morning = Sun(lat, lon, today.AddDays(d + 1));
            // Polar night is dark from noon to noon; the midnight sun has no night at all.
            var dusk = evening.Set ?? (evening.AlwaysDark ? evening.Noon.AddHours(-12) : null);
            var dawn = morning.Rise ?? (morning.AlwaysDark ? morning.Noon.AddHours(12) : null);
            if (dusk is { } from && dawn is { } until && until > from) nights.Add(new Night(from, until));
        }

        return nights;
    }

    /// <summary>Sunrise and sunset of one local date; none in polar day or night.</summary>
    public static SunDay Sun(double lat, double lon, DateOnly date)
    {
        var n = date.DayNumber - new DateOnly(2000, 1, 1).DayNumber;
        var meanSolarNoon = n - lon / 360;
        var anomaly = Normalise(357.5291 + 0.98560028 * meanSolarNoon);
        var m = anomaly * Deg;
        var centre = 1.9148 * Math.Sin(m) + 0.0200 * Math.Sin(2 * m) + 0.0003 * Math.Sin(3 * m);
        var eclipticLongitude = Normalise(anomaly + centre + 180 + 102.9372) * Deg;
        var transit = J2000 + meanSolarNoon + 0.0053 * Math.Sin(m) - 0.0069 * Math.Sin(2 * eclipticLongitude);
        var declination = Math.Asin(Math.Sin(eclipticLongitude) * Math.Sin(23.4397 * Deg));
        var cosHourAngle = (Math.Sin(-0.833 * Deg) - Math.Sin(lat * Deg) * Math.Sin(declination)) / (Math.Cos(lat * Deg) * Math.Cos(declination));
        var noon = FromJulian(transit);
        if (cosHourAngle > 1) return new SunDay(noon, null, null, AlwaysDark: true);
        if (cosHourAngle < -1) return new SunDay(noon, null, null, AlwaysDark: false);
        var halfDay = Math.Acos(cosHourAngle) / Deg / 360;
        return new SunDay(noon, FromJulian(transit - halfDay), FromJulian(transit + halfDay), AlwaysDark: false);
    }

    private static double Normalise(double degrees) => ((degrees % 360) + 360) % 360;

    private static DateTimeOffset FromJulian(double julian) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round((julian - UnixEpochJulian) * 86_400_000));
}

/// <summary>A local date's solar noon, sunrise and sunset (UTC instants); <see cref="AlwaysDark"/> in polar night.</summary>
public sealed record SunDay(DateTimeOffset Noon, DateTimeOffset? Rise, DateTimeOffset? Set, bool AlwaysDark);
