using System.Reflection;
using GridDispatch.Grains.Operations;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GridDispatch.Silo.Hosting;

/// <summary>Records each start of this silo in the installation grain, once the silo is up.</summary>
public sealed class InstallationRecorder(IGrainFactory grains, IOptions<ClusterOptions> cluster, ILogger<InstallationRecorder> logger) : IHostedService
{
    public static string Version { get; } =
        typeof(InstallationRecorder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var info = await grains.GetGrain<IInstallationGrain>(cluster.Value.ServiceId).RecordStart(Environment.MachineName, Version);
        logger.LogInformation("GridDispatch {ServiceId} started (start #{Starts}, installed {FirstStartedAt:u})", info.ServiceId, info.Starts, info.FirstStartedAt);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
