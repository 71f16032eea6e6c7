using Orleans.Concurrency;

namespace GridDispatch.Grains.Events;

/// <summary>A subscriber to domain events: the dashboard hub, the time-series sink, the handheld gateway, tests.</summary>
[Alias("GridDispatch.Events.IDomainEventObserver")]
public interface IDomainEventObserver : IGrainObserver
{
    /// <summary>One-way: a slow or vanished subscriber never holds up the notifier.</summary>
    [OneWay, Alias("OnEvents")]
    Task OnEvents(DomainEventBatch batch);
}
