using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>
/// Where time series go, over InfluxDB's <c>/api/v2/write</c>: InfluxDB 2.x and 3.x, 1.8+ through its
/// v2 compatibility, or anything else that speaks it (VictoriaMetrics). Section <c>Influx</c>.
/// With no <see cref="Url"/>, nothing is written.
/// </summary>
public sealed class InfluxOptions
{
    public const string Section = "Influx";

    /// <summary>e.g. <c>http://127.0.0.1:8086</c>; empty disables the time series.</summary>
    public string? Url { get; set; }

    /// <summary>API token; for InfluxDB 1.8 with authentication, <c>username:password</c>.</summary>
    public string? Token { get; set; }

    /// <summary>Organisation (2.x, 3.x); 1.8 and VictoriaMetrics ignore it.</summary>
    public string Org { get; set; } = "-";

    /// <summary>Bucket; for InfluxDB 1.8, <c>database/retention-policy</c> or just the database.</summary>
    public string? Bucket { get; set; }

    /// <summary>The bucket when <see cref="Bucket"/> is not set: the 1.x setting of earlier versions still works.</summary>
    public string Database { get; set; } = "griddispatch";

    /// <summary>Points per write request; InfluxDB's guidance is 5,000.</summary>
    [Range(1, 100_000)] public int BatchSize { get; set; } = 5_000;

    /// <summary>Longest a point waits before its batch is written.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Points accepted and not yet written; past this new points are dropped and counted.</summary>
    [Range(1_000, 10_000_000)] public int BufferCapacity { get; set; } = 200_000;

    /// <summary>Retries of a batch the server could not take (unreachable, 429, 5xx) before it is dropped and counted.</summary>
    [Range(0, 1_000)] public int MaxRetries { get; set; } = 8;

    /// <summary>First retry delay; each later one grows by <see cref="ExponentialBase"/> up to <see cref="MaxRetryDelay"/> (with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")] public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")] public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(2, 10)] public int ExponentialBase { get; set; } = 2;

    /// <summary>Longest one write request may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")] public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public string EffectiveBucket => string.IsNullOrWhiteSpace(Bucket) ? Database : Bucket;
}
