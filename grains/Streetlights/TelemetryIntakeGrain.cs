using GridDispatch.Grains.Common;
using Orleans.Concurrency;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// Reentrant: it holds no state, and a batch waits for its lamps, so other batches run meanwhile instead of queueing behind it.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class TelemetryIntakeGrain : Grain, ITelemetryIntakeGrain
{
    private Func<string, IStreetlightGrain>? _lamps;

    public Task<TelemetryOutcome[]> Report(string[] lampIds, LampTelemetry[] reports)
    {
        if (lampIds.Length != reports.Length) throw new ArgumentException($"{lampIds.Length} lamp ids for {reports.Length} reports", nameof(reports));
        _lamps ??= GrainReferences.Factory<IStreetlightGrain>(GrainFactory);
        var calls = new Task<TelemetryOutcome>[lampIds.Length];
        for (var i = 0; i < calls.Length; i++) calls[i] = _lamps(lampIds[i]).ReportTelemetry(reports[i]);
        return Task.WhenAll(calls);
    }
}
