using System.Diagnostics.Metrics;

namespace GridDispatch.Gateway.History;

/// <summary>The history's counters: rows written, dropped (a full queue), failed writes, rows waiting.</summary>
internal static class HistoryMetrics
{
    private static readonly Meter Meter = new("GridDispatch.History");
    public static readonly Counter<long> Written = Meter.CreateCounter<long>("griddispatch.history.written", "{row}", "History rows written");
    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>("griddispatch.history.dropped", "{row}", "History rows dropped because the queue was full");
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("griddispatch.history.failed", "{batch}", "History writes that failed (their rows are retried)");
    private static ObservableGauge<int>? _queued;

    public static void Watch(HistoryWriter writer) =>
        _queued ??= Meter.CreateObservableGauge("griddispatch.history.queued", () => writer.Queued, "{row}", "History rows waiting to be written");
}
