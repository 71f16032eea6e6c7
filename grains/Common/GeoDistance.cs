namespace GridDispatch.Grains.Common;

public static class GeoDistance
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance in km (haversine); null when either point is unknown.</summary>
    public static double? Km(double? lat1, double? lon1, double? lat2, double? lon2)
    {
        if (lat1 is not { } a1 || lon1 is not { } o1 || lat2 is not { } a2 || lon2 is not { } o2) return null;
        var dLat = Radians(a2 - a1);
        var dLon = Radians(o2 - o1);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(a1)) * Math.Cos(Radians(a2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
