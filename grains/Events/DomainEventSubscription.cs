namespace GridDispatch.Grains.Events;

/// <summary>
/// Subscribes a handler to every domain event of the cluster, from a silo or an Orleans client,
/// and keeps the subscription alive until disposed.
/// </summary>
public sealed class DomainEventSubscription : IAsyncDisposable
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    private readonly IGrainFactory _grains;
    private readonly IDomainEventObserver _reference;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    private DomainEventSubscription(IGrainFactory grains, IDomainEventObserver handler)
    {
        _grains = grains;
        _reference = grains.CreateObjectReference<IDomainEventObserver>(handler);
        _renewal = RenewAsync();
    }

    private IEventSubscribersGrain Subscribers => _grains.GetGrain<IEventSubscribersGrain>(0);

    public static async Task<DomainEventSubscription> StartAsync(IGrainFactory grains, IDomainEventObserver handler)
    {
        var subscription = new DomainEventSubscription(grains, handler);
        await subscription.Subscribers.Subscribe(subscription._reference);
        return subscription;
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try { await Subscribers.Subscribe(_reference); }
                catch (Exception) when (!_stop.IsCancellationRequested) { /* next tick retries; expiry is three ticks away */ }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        try { await Subscribers.Unsubscribe(_reference); } catch (Exception) { /* expiry cleans up */ }
        _grains.DeleteObjectReference<IDomainEventObserver>(_reference);
        _stop.Dispose();
    }
}
