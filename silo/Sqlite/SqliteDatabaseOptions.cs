using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Silo.Sqlite;

/// <summary>The embedded profile's one SQLite file, shared by grain state and reminders.</summary>
public sealed class SqliteDatabaseOptions
{
    public const string Section = "Sqlite";

    /// <summary>Path of the database file; relative paths are relative to the working directory.</summary>
    [Required]
    public string DataSource { get; set; } = "data/griddispatch.db";

    public SqliteDurability Durability { get; set; } = SqliteDurability.Full;

    /// <summary>Most writes committed in one transaction (group commit). 1 disables batching.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>How long a statement waits for a lock held by another process before failing.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
