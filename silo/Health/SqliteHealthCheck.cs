using GridDispatch.Silo.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GridDispatch.Silo.Health;

/// <summary>Readiness: the embedded profile's SQLite file can be opened and read.</summary>
public sealed class SqliteHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.CanReadAsync(cancellationToken)
            ? HealthCheckResult.Healthy(database.FilePath)
            : HealthCheckResult.Unhealthy($"cannot read {database.FilePath}");
}
