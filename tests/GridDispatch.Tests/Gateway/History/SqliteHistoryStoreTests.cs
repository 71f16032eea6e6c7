using GridDispatch.Gateway.History;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.History;

public sealed class SqliteHistoryStoreTests : HistoryStoreConformance, IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("history-sqlite");
    private int _databases;

    protected override Task<string> NewDatabaseAsync() =>
        Task.FromResult(Path.Combine(_folder, $"history-{Interlocked.Increment(ref _databases)}.db"));

    protected override IHistoryStore Open(string database, TimeProvider time) => new SqliteHistoryStore(database, time);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
