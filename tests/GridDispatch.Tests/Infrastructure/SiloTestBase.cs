using Orleans.TestingHost;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A test class with its own in-process cluster, a temp folder for its files, and a way to restart it on the same storage.</summary>
public abstract class SiloTestBase(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("silo-test");
    private TestSilos _silos = null!;

    protected ITestOutputHelper Output { get; } = output;

    protected TestCluster Cluster { get; private set; } = null!;

    /// <summary>A SQLite file in this test's temp folder.</summary>
    protected string DatabasePath => Path.Combine(_folder, "state.db");

    protected abstract TestSilos CreateSilos();

    public async Task InitializeAsync()
    {
        _silos = CreateSilos();
        Cluster = await _silos.StartAsync();
    }

    /// <summary>Stops every silo and starts a new cluster on the same storage.</summary>
    protected async Task RestartAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Cluster = await _silos.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
