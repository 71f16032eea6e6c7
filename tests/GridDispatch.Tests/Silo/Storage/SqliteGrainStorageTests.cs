using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Storage;

public sealed class SqliteGrainStorageTests(ITestOutputHelper output) : GrainStorageConformance(output)
{
    protected override TestSilos CreateSilos() => TestSilos.Embedded(DatabasePath, Output);
}
