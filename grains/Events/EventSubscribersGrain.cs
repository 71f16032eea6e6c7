namespace GridDispatch.Grains.Events;

public sealed class EventSubscribersGrain(TimeProvider time) : Grain, IEventSubscribersGrain
{
    /// <summary>Subscribers renew every <see cref="DomainEventSubscription.RenewEvery"/>; three missed renewals and they are gone.</summary>
    public static readonly TimeSpan Expiry = DomainEventSubscription.RenewEvery * 3;

    private readonly Dictionary<IDomainEventObserver, DateTimeOffset> _subscribers = [];

    public Task Subscribe(IDomainEventObserver observer)
    {
        _subscribers[observer] = time.GetUtcNow() + Expiry;
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IDomainEventObserver observer)
    {
        _subscribers.Remove(observer);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IDomainEventObserver>> GetSubscribers()
    {
        var now = time.GetUtcNow();
        foreach (var expired in _subscribers.Where(s => s.Value < now).Select(s => s.Key).ToList()) _subscribers.Remove(expired);
        return Task.FromResult<IReadOnlyList<IDomainEventObserver>>([.. _subscribers.Keys]);
    }
}
