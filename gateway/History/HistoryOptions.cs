using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Gateway.History;

/// <summary>Where the history lives. <see cref="Auto"/>: PostgreSQL when a connection string is set, else SQLite.</summary>
public enum HistoryStoreKind { Auto, Sqlite, Postgres, None }

/// <summary>The durable history store (figures per minute and hour, lamp hours, incidents). Section <c>History</c>.</summary>
public sealed class HistoryOptions : IValidatableObject
{
    public const string Section = "History";

    public HistoryStoreKind Store { get; set; } = HistoryStoreKind.Auto;

    /// <summary>SQLite file; empty: beside the grain database (<c>Sqlite:DataSource</c>), named <c>{name}.history.db</c>.</summary>
    public string? DataSource { get; set; }

    /// <summary>An Npgsql connection string, e.g. <c>Host=10.0.0.5;Database=griddispatch;Username=gd;Password=…</c>.</summary>
    public string? Postgres { get; set; }

    /// <summary>How often queued incident and lamp rows are written, as one transaction.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FlushEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows waiting to be written before the oldest are dropped (counted: <c>griddispatch_history_dropped_total</c>).</summary>
    [Range(100, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;

    /// <summary>How often each township's and village's figures are sampled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SampleEvery { get; set; } = TimeSpan.FromMinutes(1);

    public HistoryRetention Retention { get; set; } = new();

    /// <summary>The store this configuration selects, given the silo's profile.</summary>
    public HistoryStoreKind Resolve(bool clusterProfile) => Store switch
    {
        HistoryStoreKind.Auto when !string.IsNullOrWhiteSpace(Postgres) => HistoryStoreKind.Postgres,
        // Each silo of a cluster would keep its own file, and each screen would show a different history.
        HistoryStoreKind.Auto => clusterProfile ? HistoryStoreKind.None : HistoryStoreKind.Sqlite,
        _ => Store,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Store == HistoryStoreKind.Postgres && string.IsNullOrWhiteSpace(Postgres))
            yield return new ValidationResult("History:Store is Postgres but History:Postgres (a connection string) is empty", [nameof(Postgres)]);
        // Nested options are not validated by their attributes: checked here, so a bad value stops the start, not a job later.
        if (Retention.RunEvery <= TimeSpan.Zero)
            yield return new ValidationResult("History:Retention:RunEvery must be positive", [nameof(Retention)]);
        foreach (var (name, keep) in new[] { ("Minutes", Retention.Minutes), ("Hours", Retention.Hours), ("LampHours", Retention.LampHours), ("Incidents", Retention.Incidents), ("Playback", Retention.Playback) })
            if (keep <= TimeSpan.Zero) yield return new ValidationResult($"History:Retention:{name} must be positive, or empty to keep forever", [nameof(Retention)]);
    }
}

/// <summary>How long each kind of row is kept, and how often old rows are rolled up and removed. Null keeps forever.</summary>
public sealed class HistoryRetention
{
    /// <summary>Per-minute figures; rolled up into hours as each hour ends.</summary>
    public TimeSpan? Minutes { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan? Hours { get; set; } = TimeSpan.FromDays(731);

    /// <summary>Per-lamp hourly energy and burn hours.</summary>
    public TimeSpan? LampHours { get; set; } = TimeSpan.FromDays(731);

    /// <summary>Incident rows (by when reported) and their responders. Forever by default: reports count them.</summary>
    public TimeSpan? Incidents { get; set; }

    /// <summary>What the map replays: responders' positions, alarms (by when they cleared) and incident steps.</summary>
    public TimeSpan? Playback { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan RunEvery { get; set; } = TimeSpan.FromHours(1);
}
