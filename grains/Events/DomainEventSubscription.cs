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

    private readonly Forwarder _forwarder;

    private DomainEventSubscription(IGrainFactory grains, IDomainEventObserver handler)
    {
        _grains = grains;
        _forwarder = new Forwarder(handler);
        _reference = grains.CreateObjectReference<IDomainEventObserver>(_forwarder);
        _renewal = RenewAsync();
    }

    /// <summary>Hands batches to the handler until the subscription ends, then drops the few still on their way.</summary>
    private sealed class Forwarder(IDomainEventObserver handler) : IDomainEventObserver
    {
        public volatile bool Ended;

        public Task OnEvents(DomainEventBatch batch) => Ended ? Task.CompletedTask : handler.OnEvents(batch);
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
        _forwarder.Ended = true;
        try { await Subscribers.Unsubscribe(_reference); } catch (Exception) { /* expiry cleans up */ }
        // Notifiers re-read the subscriber list only every couple of seconds: the reference stays valid (and ignores
        // what still comes) a while longer, so they are not answered "unknown target" (at shutdown the process ends first).
        _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => _grains.DeleteObjectReference<IDomainEventObserver>(_reference), TaskScheduler.Default);
        _stop.Dispose();
    }
}
