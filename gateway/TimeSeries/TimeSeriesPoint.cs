namespace GridDispatch.Gateway.TimeSeries;

/// <summary>One point of a time series: a measurement, its tags (indexed), its fields (values) and a time.</summary>
public sealed record TimeSeriesPoint(
    string Measurement,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, object>> Fields,
    DateTimeOffset Timestamp);
