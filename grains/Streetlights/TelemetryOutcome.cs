namespace GridDispatch.Grains.Streetlights;

/// <summary>What became of one report; everything but <see cref="Accepted"/> is a counted drop for the gateway.</summary>
[GenerateSerializer]
public enum TelemetryOutcome
{
    Accepted,
    /// <summary>No lamp by that id was imported.</summary>
    UnknownLamp,
    /// <summary>Not newer than the last report: a replay or a late duplicate.</summary>
    Stale,
    /// <summary>Physically impossible values or a timestamp far in the future.</summary>
    OutOfRange,
}
