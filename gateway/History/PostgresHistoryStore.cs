using System.Data.Common;
using Npgsql;

namespace GridDispatch.Gateway.History;

/// <summary>A cluster's history: one PostgreSQL database that every silo writes and every dashboard reads.</summary>
public sealed class PostgresHistoryStore(NpgsqlDataSource dataSource, TimeProvider time) : SqlHistoryStore(time), IAsyncDisposable
{
    public PostgresHistoryStore(string connectionString, TimeProvider time) : this(NpgsqlDataSource.Create(connectionString), time) { }

    // Silos starting together would otherwise race on CREATE TABLE IF NOT EXISTS (it is not atomic in PostgreSQL).
    protected override string SchemaLock => "SELECT pg_advisory_xact_lock(17170002)";

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await dataSource.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
