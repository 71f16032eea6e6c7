using GridDispatch.Grains.Events;
using GridDispatch.Grains.Import;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// An embedded-profile test cluster with the small township imported, the domain on a virtual
/// clock, and a subscriber collecting every domain event. Shared by the tests of one class.
/// </summary>
public sealed class DomainClusterFixture : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("domain");
    private DomainEventSubscription? _subscription;

    /// <summary>19:00 Beijing time: dusk, lamps should be lit.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.FromHours(8)));

    public EventCollector Events { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        Cluster = await TestSilos.Embedded(Path.Combine(_folder, "domain.db"), output: null).WithDomainClock(Clock).StartAsync();
        _subscription = await DomainEventSubscription.StartAsync(Cluster.Client, Events);
        await new TopologyImporter(Cluster.Client).ImportAsync(SmallTownship.Build());
    }

    public async Task DisposeAsync()
    {
        if (_subscription is not null) await _subscription.DisposeAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
