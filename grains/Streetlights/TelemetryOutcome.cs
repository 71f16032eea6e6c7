namespace GridDispatch.Grains.Streetlights;

/// <summary>What became of one report; everything but <see cref="Accepted"/> and <see cref="Duplicate"/> is a counted drop for the gateway.</summary>
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
    /// <summary>
    /// The very report already taken (same timestamp): a lamp sending again what it had no acknowledgement
    /// for. It is in, so the gateway acknowledges it as taken; nothing is applied twice.
    /// </summary>
    Duplicate,
}
