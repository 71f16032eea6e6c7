using GridDispatch.Grains.Events;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>Writes alarms, incidents and roll-ups (domain events) to the time series as they happen.</summary>
public sealed class TimeSeriesSink(IGrainFactory grains, ITimeSeriesWriter writer) : IHostedService, IDomainEventObserver
{
    private DomainEventSubscription? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken) => _subscription = await DomainEventSubscription.StartAsync(grains, this);

    public Task OnEvents(DomainEventBatch batch)
    {
        foreach (var e in batch.Events)
            if (TimeSeriesPoints.From(e) is { } point) writer.Write(point);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null) await _subscription.DisposeAsync();
    }
}
