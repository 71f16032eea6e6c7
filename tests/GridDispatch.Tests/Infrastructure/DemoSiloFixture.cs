using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>The real silo process with <c>--demo</c> (demo townships, demo credentials) and an Orleans client to look inside.</summary>
public sealed class DemoSiloFixture : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("demo-silo");
    private IHost? _client;

    public SiloProcess Silo { get; private set; } = null!;

    public IClusterClient Grains { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "demo.db"));
        _client = Host.CreateApplicationBuilder().UseOrleansClientFor(Silo).Build();
        await _client.StartAsync();
        Grains = _client.Services.GetRequiredService<IClusterClient>();
    }

    public async Task DisposeAsync()
    {
        if (_client is not null) await _client.StopAsync();
        _client?.Dispose();
        await Silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

public static class OrleansClientExtensions
{
    /// <summary>An Orleans client of a silo process started with the default service and cluster ids.</summary>
    public static HostApplicationBuilder UseOrleansClientFor(this HostApplicationBuilder builder, SiloProcess silo)
    {
        builder.UseOrleansClient(client => client.UseLocalhostClustering(silo.GatewayPort, "griddispatch", "griddispatch"));
        return builder;
    }
}
