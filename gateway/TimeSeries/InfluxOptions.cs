using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Gateway.TimeSeries;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<InfluxVersion>))]
public enum InfluxVersion { V1, V2 }

/// <summary>Where time series go. Section <c>Influx</c>. With no <see cref="Url"/>, nothing is written to InfluxDB.</summary>
public sealed class InfluxOptions
{
    public const string Section = "Influx";

    /// <summary>e.g. <c>http://127.0.0.1:8086</c>; empty disables InfluxDB.</summary>
    public string? Url { get; set; }

    public InfluxVersion Version { get; set; } = InfluxVersion.V1;

    /// <summary>1.x database.</summary>
    public string Database { get; set; } = "griddispatch";

    /// <summary>1.x credentials, if authentication is on.</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>2.x organisation, bucket and token.</summary>
    public string? Org { get; set; }
    public string? Bucket { get; set; }
    public string? Token { get; set; }

    /// <summary>Points per write request; InfluxDB's guidance is 5,000.</summary>
    [Range(1, 100_000)] public int BatchSize { get; set; } = 5_000;

    /// <summary>Longest a point waits before its batch is written.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")] public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Points held while InfluxDB is slow or away; past this the oldest are dropped and counted.</summary>
    [Range(1_000, 10_000_000)] public int BufferCapacity { get; set; } = 200_000;

    /// <summary>Attempts per batch before it is dropped (and counted).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubled each attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
