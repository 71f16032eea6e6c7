namespace GridDispatch.Grains.Incidents;

public sealed class LampWorkOrderOptions
{
    public const string Section = "Incidents:LampWorkOrders";

    /// <summary>Faults on one street closer than this share a work order.</summary>
    public double BatchDistanceMeters { get; set; } = 500;

    /// <summary>Supply faults on one feeder within this window are one outage.</summary>
    public TimeSpan FeederWindow { get; set; } = TimeSpan.FromMinutes(30);
}
