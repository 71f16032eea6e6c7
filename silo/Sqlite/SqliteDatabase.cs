using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Silo.Sqlite;

/// <summary>
/// One SQLite file in WAL mode. Reads use pooled connections and run in parallel; all writes go
/// through one writer connection that commits whatever has queued up as one transaction
/// (group commit). A write's task completes only after its transaction is committed, so a caller
/// never acknowledges anything that is not on disk, and one fsync is shared by the whole batch.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private static readonly Meter Meter = new("GridDispatch.Sqlite");
    private static readonly Histogram<int> BatchSizes = Meter.CreateHistogram<int>("griddispatch.sqlite.batch_size", "{write}", "Writes committed per transaction");
    // Buckets in milliseconds to seconds: a commit is an fsync, and OpenTelemetry's default buckets start at 5 (seconds, here).
    private static readonly Histogram<double> CommitSeconds = Meter.CreateHistogram("griddispatch.sqlite.commit_duration", "s", "Time to execute and commit one batch",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });
    private static readonly Counter<long> FailedCommits = Meter.CreateCounter<long>("griddispatch.sqlite.failed_commits", "{batch}");

    private readonly SqliteDatabaseOptions _options;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly Channel<SqliteWrite> _queue = Channel.CreateUnbounded<SqliteWrite>(new() { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _writer;

    public SqliteDatabase(SqliteDatabaseOptions options, ILogger<SqliteDatabase> logger)
    {
        _options = options;
        _logger = logger;
        var path = Path.GetFullPath(options.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)options.BusyTimeout.TotalSeconds,
        }.ToString();
        FilePath = path;
        Meter.CreateObservableGauge("griddispatch.sqlite.queued", () => _queue.Reader.Count, "{write}", "Writes waiting for the next group commit");
    }

    public string FilePath { get; }

    /// <summary>Queues <paramref name="work"/> for the next group commit.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> work)
    {
        EnsureWriterStarted();
        var write = new SqliteWrite<T>(work);
        if (!_queue.Writer.TryWrite(write))
            write.Fail(new ObjectDisposedException(nameof(SqliteDatabase), "The SQLite database is shutting down."));
        return write.Task;
    }

    /// <summary>Opens a pooled connection for reading. WAL lets readers run beside the writer.</summary>
    public async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Whether the file can be opened and read; for readiness probes.</summary>
    public async Task<bool> CanReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenReadConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken)) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private void EnsureWriterStarted()
    {
        if (_writer is not null) return;
        lock (_startLock)
        {
            _writer ??= Task.Factory.StartNew(RunWriter, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task RunWriter()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, _options.Durability == SqliteDurability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        var context = new SqliteWriteContext(connection);
        var batch = new List<SqliteWrite>(_options.MaxBatchSize);
        var reader = _queue.Reader;

        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var write)) batch.Add(write);
            CommitBatch(connection, context, batch);
        }
    }

    private void CommitBatch(SqliteConnection connection, SqliteWriteContext context, List<SqliteWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using (var transaction = connection.BeginTransaction())
            {
                context.Transaction = transaction;
                foreach (var write in batch) write.Execute(context);
                transaction.Commit();
            }

            foreach (var write in batch) write.Complete();
            BatchSizes.Record(batch.Count);
            CommitSeconds.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception error)
        {
            // Nothing of this batch is on disk: every caller hears so, nobody is told "saved".
            FailedCommits.Add(1);
            _logger.LogError(error, "SQLite commit of {Count} writes to {Path} failed", batch.Count, FilePath);
            foreach (var write in batch) write.Fail(error);
        }
        finally
        {
            context.Transaction = null;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        // Drain: writes already queued are committed before the file is closed.
        _queue.Writer.TryComplete();
        if (_writer is not null) await _writer;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
