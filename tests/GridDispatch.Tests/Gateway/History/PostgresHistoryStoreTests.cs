using GridDispatch.Gateway.History;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.History;

/// <summary>The conformance suite on a real PostgreSQL 15: one server for the class, a database per test.</summary>
public sealed class PostgresHistoryStoreTests(PostgresFixture postgres) : HistoryStoreConformance, IClassFixture<PostgresFixture>
{
    protected override Task<string> NewDatabaseAsync() => postgres.Server.NewDatabaseAsync("history");

    protected override IHistoryStore Open(string database, TimeProvider time) => new PostgresHistoryStore(database, time);
}
