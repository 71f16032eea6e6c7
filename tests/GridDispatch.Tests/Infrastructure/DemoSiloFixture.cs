namespace GridDispatch.Tests.Infrastructure;

/// <summary>The real silo process with <c>--demo</c> (demo townships, demo credentials) and an Orleans client to look inside.</summary>
public sealed class DemoSiloFixture : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("demo-silo");
    private SiloWithClient _silo = null!;

    public SiloProcess Silo => _silo.Silo;

    public IClusterClient Grains => _silo.Grains;

    public async Task InitializeAsync() => _silo = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "demo.db"));

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
