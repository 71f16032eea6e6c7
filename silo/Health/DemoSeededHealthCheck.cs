using GridDispatch.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GridDispatch.Silo.Health;

/// <summary>Readiness under <c>--demo</c>: the demo townships and logins have been imported.</summary>
public sealed class DemoSeededHealthCheck(DemoSeeder seeder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(seeder.Done ? HealthCheckResult.Healthy("demo ready") : HealthCheckResult.Unhealthy("importing the demo townships"));
}
