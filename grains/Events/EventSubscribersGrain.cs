namespace GridDispatch.Grains.Events;

public sealed class EventSubscribersGrain(
    [PersistentState("subscribers")] IPersistentState<EventSubscribersState> state, TimeProvider time) : Grain, IEventSubscribersGrain
{
    /// <summary>Subscribers renew every <see cref="DomainEventSubscription.RenewEvery"/>; three missed renewals and they are gone.</summary>
    public static readonly TimeSpan Expiry = DomainEventSubscription.RenewEvery * 3;

    // Durable, so that when the silo holding the list dies it reactivates elsewhere with every subscriber
    // in it, and the screens keep hearing events instead of going quiet until their next renewal.
    // A handful of subscribers renewing every 20 s makes this a write every few seconds at most.
    private Dictionary<IDomainEventObserver, DateTimeOffset> Subscribers => state.State.Subscribers;

    public Task Subscribe(IDomainEventObserver observer)
    {
        Subscribers[observer] = time.GetUtcNow() + Expiry;
        return state.WriteStateAsync();
    }

    public async Task Unsubscribe(IDomainEventObserver observer)
    {
        if (Subscribers.Remove(observer)) await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<IDomainEventObserver>> GetSubscribers()
    {
        var now = time.GetUtcNow();
        foreach (var expired in Subscribers.Where(s => s.Value < now).Select(s => s.Key).ToList()) Subscribers.Remove(expired);
        return Task.FromResult<IReadOnlyList<IDomainEventObserver>>([.. Subscribers.Keys]);
    }
}
