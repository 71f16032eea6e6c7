using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Demo;

/// <summary>Metre offsets on a township's scale (a few km), where a flat-earth approximation is plenty.</summary>
internal static class DemoGeo
{
    private const double MetresPerDegreeLat = 111_320;

    /// <summary>The point <paramref name="metres"/> away along <paramref name="bearing"/> (radians, 0 = north, clockwise).</summary>
    public static GeoPoint Move(GeoPoint from, double metres, double bearing)
    {
        var north = metres * Math.Cos(bearing);
        var east = metres * Math.Sin(bearing);
        var lat = from.Lat + north / MetresPerDegreeLat;
        var lon = from.Lon + east / (MetresPerDegreeLat * Math.Cos(from.Lat * Math.PI / 180));
        // Six decimals is about 0.1 m: tidy files, and the same text on every run.
        return new GeoPoint(Math.Round(lat, 6), Math.Round(lon, 6));
    }

    /// <summary>A random point within <paramref name="maxMetres"/> of a centre.</summary>
    public static GeoPoint Near(Random rng, GeoPoint centre, double maxMetres) =>
        Move(centre, maxMetres * Math.Sqrt(rng.NextDouble()), rng.NextDouble() * 2 * Math.PI);
}
