using GridDispatch.Grains.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GridDispatch.Silo.Health;

/// <summary>Readiness of a gateway or dashboard on its own: a grain call reaches the cluster within two seconds.</summary>
public sealed class ClusterReachableHealthCheck(IClusterClient client, IOptions<ClusterOptions> cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.GetGrain<IInstallationGrain>(cluster.Value.ServiceId).Get().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy("cluster reachable");
        }
        catch (Exception error)
        {
            return HealthCheckResult.Unhealthy($"cluster unreachable: {error.Message}");
        }
    }
}
