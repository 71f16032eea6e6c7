namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Many lamps' reports in one call. A gateway outside the silo's process pays for every grain call as a message between
/// processes (serialised, sent and scheduled at both ends); a batch is one message instead of one per report. Stateless:
/// it runs on the silo that takes the call, which passes each report to its lamp.
/// </summary>
[Alias("GridDispatch.Streetlights.ITelemetryIntakeGrain")]
public interface ITelemetryIntakeGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// <paramref name="reports"/>[i] to lamp <paramref name="lampIds"/>[i], all at once; each one's outcome, in order. Fails if any
    /// lamp's call failed: the caller sends the batch again, and a report a lamp took already is a duplicate.
    /// </summary>
    [Alias("Report")] Task<TelemetryOutcome[]> Report(string[] lampIds, LampTelemetry[] reports);
}
