using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Storage;

public sealed class SqliteGrainStorageTests(ITestOutputHelper output) : GrainStorageConformance(output)
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("sqlite-storage");

    protected override TestSilos CreateSilos() => TestSilos.Embedded(Path.Combine(_folder, "state.db"), Output);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
