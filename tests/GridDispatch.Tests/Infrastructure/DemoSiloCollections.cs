namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// Two demo silos shared by the test classes that only read the demo or add their own whistles, lamps and
/// logins to it (a demo silo takes seconds to start; one per class cost the suite minutes). Each collection
/// runs its classes one after another; the two run side by side. Classes that lock out a demo login, stop the
/// silo or count what the whole demo holds keep a silo of their own.
/// </summary>
public static class DemoSiloCollections
{
    /// <summary>Devices and handhelds at the edge: MQTT, gRPC, Open311, the simulators.</summary>
    public const string Edge = "demo silo: edge";

    /// <summary>The command centre's screen, its HTTP API and the broker's doors.</summary>
    public const string Screen = "demo silo: screen";
}

[CollectionDefinition(DemoSiloCollections.Edge)]
public sealed class DemoSiloEdgeCollection : ICollectionFixture<DemoSiloFixture>;

[CollectionDefinition(DemoSiloCollections.Screen)]
public sealed class DemoSiloScreenCollection : ICollectionFixture<DemoSiloFixture>;
