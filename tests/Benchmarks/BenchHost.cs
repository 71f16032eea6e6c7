using GridDispatch.Silo.Hosting;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Benchmarks;

/// <summary>Which default grain storage a benchmark silo runs on.</summary>
public abstract record BenchStorage(string Name)
{
    public sealed record Memory() : BenchStorage("Orleans in-memory (baseline, not durable)");
    public sealed record Sqlite(string Path, string Durability, int MaxBatchSize, string Label) : BenchStorage(Label);
    public sealed record Redis(string Configuration) : BenchStorage("Redis (Orleans provider, appendonly, fsync everysec)");
}

/// <summary>A silo with a co-hosted client, on free loopback ports: the embedded shape, measured.</summary>
public static class BenchHost
{
    public static async Task<IHost> StartAsync(BenchStorage storage, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        if (storage is BenchStorage.Sqlite sqlite)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sqlite:DataSource"] = sqlite.Path,
                ["Sqlite:Durability"] = sqlite.Durability,
                ["Sqlite:MaxBatchSize"] = sqlite.MaxBatchSize.ToString(),
            });
        }

        builder.Services.AddGridDispatchDomain();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next());
            switch (storage)
            {
                case BenchStorage.Memory: silo.AddMemoryGrainStorageAsDefault(); break;
                case BenchStorage.Sqlite: silo.AddDurableProviders(SiloProfile.Embedded, null); break;
                case BenchStorage.Redis redis: silo.AddDurableProviders(SiloProfile.Cluster, redis.Configuration); break;
            }
        });
        configure?.Invoke(builder); // after UseOrleans: what it adds starts once the silo is up
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static IGrainFactory Grains(this IHost host) => host.Services.GetRequiredService<IGrainFactory>();
}
