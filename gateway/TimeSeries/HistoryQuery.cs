namespace GridDispatch.Gateway.TimeSeries;

/// <summary>One series for a chart: a field of a measurement, filtered by tags, aggregated per <see cref="Every"/>.</summary>
public sealed record HistoryQuery(
    string Measurement,
    string Field,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset From,
    DateTimeOffset To,
    TimeSpan Every,
    HistoryAggregate Aggregate = HistoryAggregate.Mean);

public enum HistoryAggregate { Mean, Sum, Min, Max, Count, Last }

public sealed record HistoryPoint(DateTimeOffset At, double Value);
