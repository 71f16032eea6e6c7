using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace GridDispatch.Gateway.History;

/// <summary>The embedded profile's history: its own SQLite file (WAL), beside the grain database, so the two never contend.</summary>
public sealed class SqliteHistoryStore : SqlHistoryStore
{
    private readonly string _connectionString;

    public SqliteHistoryStore(string path, TimeProvider time) : base(time)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        FilePath = full;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30,
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>The audit log's lines are committed with a full sync: its promise is "durable when acknowledged", power cut included.</summary>
    protected override async Task MakeDurableAsync(DbConnection connection)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=FULL;"; // this connection only; the next open sets NORMAL again
        await pragma.ExecuteNonQueryAsync();
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // WAL: charts read while the writer commits. NORMAL: a power cut may lose the last second of history, never corrupt it.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
