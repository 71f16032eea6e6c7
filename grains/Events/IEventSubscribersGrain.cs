namespace GridDispatch.Grains.Events;

/// <summary>
/// The cluster-wide list of event subscribers, like GPSTracker's hub list. Subscriptions expire
/// unless renewed, so a subscriber that vanished without saying so drops out on its own.
/// </summary>
[Alias("GridDispatch.Events.IEventSubscribersGrain")]
public interface IEventSubscribersGrain : IGrainWithIntegerKey
{
    [Alias("Subscribe")] Task Subscribe(IDomainEventObserver observer);
    [Alias("Unsubscribe")] Task Unsubscribe(IDomainEventObserver observer);
    [Alias("GetSubscribers")] Task<IReadOnlyList<IDomainEventObserver>> GetSubscribers();
}
