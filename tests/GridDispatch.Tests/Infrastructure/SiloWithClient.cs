using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>The real silo process plus an Orleans client connected to it, to look inside while driving it from outside.</summary>
public sealed class SiloWithClient : IAsyncDisposable
{
    private readonly IHost _client;

    private SiloWithClient(SiloProcess silo, IHost client)
    {
        Silo = silo;
        _client = client;
        Grains = client.Services.GetRequiredService<IClusterClient>();
    }

    public SiloProcess Silo { get; }

    public IClusterClient Grains { get; }

    public static async Task<SiloWithClient> StartAsync(string workingDirectory, params string[] arguments)
    {
        var silo = await SiloProcess.StartAsync(workingDirectory, arguments);
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseLocalhostClustering(silo.GatewayPort, "griddispatch", "griddispatch"));
        var client = builder.Build();
        await client.StartAsync();
        return new SiloWithClient(silo, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await Silo.DisposeAsync();
    }
}
