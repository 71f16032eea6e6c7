using GridDispatch.Grains.Events;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>Writes alarms, incidents and roll-ups (domain events) to the time series as they happen.</summary>
public sealed class TimeSeriesSink(ITimeSeriesWriter writer) : IDomainEventHandler
{
    public Task HandleAsync(DomainEventBatch batch, CancellationToken cancellationToken)
    {
        foreach (var e in batch.Events)
            if (TimeSeriesPoints.From(e) is { } point) writer.Write(point);
        return Task.CompletedTask;
    }

}
