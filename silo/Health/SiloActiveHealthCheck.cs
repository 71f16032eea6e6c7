using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GridDispatch.Silo.Health;

/// <summary>Liveness: the local silo has joined its cluster and not begun to shut down.</summary>
public sealed class SiloActiveHealthCheck(ISiloStatusOracle oracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(oracle.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo active")
            : HealthCheckResult.Unhealthy($"silo {oracle.CurrentStatus}"));
}
