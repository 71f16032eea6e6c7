namespace GridDispatch.Tests.Infrastructure;

/// <summary>Browser tests that share one demo silo (one process, one import) rather than starting one per class.</summary>
[CollectionDefinition(Name)]
public sealed class DemoSiloCollection : ICollectionFixture<DemoSiloFixture>
{
    public const string Name = "demo silo, shared";
}
