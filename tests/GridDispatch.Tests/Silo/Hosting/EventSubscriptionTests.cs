using GridDispatch.Grains.Events;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Silo.Hosting;

/// <summary>
/// One door per process: the silo with every role (silo, gateway, dashboard) hears the cluster's domain
/// events through one subscription, however many consumers it has (hub feed, gRPC feeds, MQTT outbound, time series).
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class EventSubscriptionTests(DemoSiloFixture f)
{
    [Fact]
    public async Task A_process_with_every_role_subscribes_to_domain_events_once()
    {
        var registry = f.Grains.GetGrain<IEventSubscribersGrain>(0);
        await Eventually.Holds(() => registry.GetSubscribers(), s => s.Count >= 1, TimeSpan.FromSeconds(30), "a subscriber");
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a late second subscription to show
        Assert.Single(await registry.GetSubscribers());
    }
}
