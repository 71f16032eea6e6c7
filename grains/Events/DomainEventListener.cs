using Microsoft.Extensions.Hosting;

namespace GridDispatch.Grains.Events;

/// <summary>
/// A hosted service that hears every domain event of the cluster while the host runs: the base of the
/// edge's outbound ports (lamp commands, work orders, handheld streams).
/// </summary>
public abstract class DomainEventListener(IGrainFactory grains) : IHostedService, IDomainEventObserver
{
    private DomainEventSubscription? _subscription;

    public abstract Task OnEvents(DomainEventBatch batch);

    public async Task StartAsync(CancellationToken cancellationToken) => _subscription = await DomainEventSubscription.StartAsync(grains, this);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null) await _subscription.DisposeAsync();
    }
}
