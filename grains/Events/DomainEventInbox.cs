using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Grains.Events;

/// <summary>
/// The one door through which a process hears the cluster's domain events, like GPSTracker's one observer
/// per host: one subscription to the notifiers, and each batch handed to every registered
/// <see cref="IDomainEventHandler"/>. Each handler has its own bounded queue and its own loop, so one that
/// throws or lags cannot hold up the others: it loses its oldest batches, counted
/// (<c>griddispatch_events_handler_dropped_total{handler}</c>), and its failures are logged and counted.
/// </summary>
public sealed partial class DomainEventInbox(IGrainFactory grains, IEnumerable<IDomainEventHandler> handlers, ILogger<DomainEventInbox> logger)
    : BackgroundService, IDomainEventObserver
{
    /// <summary>Batches a handler may fall behind by before its oldest are dropped (a batch is up to 1,000 events).</summary>
    public const int QueueCapacity = 256;

    private static readonly Meter Meter = new("GridDispatch.Events");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("griddispatch.events.handler.dropped", "{batch}", "Batches a lagging handler lost");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("griddispatch.events.handler.failed", "{batch}", "Batches a handler threw on");

    private readonly List<Queue> _queues = [.. handlers.Select(h => new Queue(h))];

    public Task OnEvents(DomainEventBatch batch)
    {
        foreach (var queue in _queues) queue.Channel.Writer.TryWrite(batch);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = _queues.Select(q => Task.Run(() => DrainAsync(q, stoppingToken), CancellationToken.None)).ToList();
        if (_queues.Count == 0) return;
        await using var subscription = await SubscribeAsync(stoppingToken);
        try { await Task.Delay(Timeout.Infinite, stoppingToken); }
        catch (OperationCanceledException) { }
        foreach (var queue in _queues) queue.Channel.Writer.TryComplete();
        await Task.WhenAll(loops);
    }

    private async Task DrainAsync(Queue queue, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in queue.Channel.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await queue.Handler.HandleAsync(batch, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    Failed.Add(1, new KeyValuePair<string, object?>("handler", queue.Name));
                    LogHandlerFailed(error, queue.Name);
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task<DomainEventSubscription> SubscribeAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try { return await DomainEventSubscription.StartAsync(grains, this); }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogSubscribeFailed(error); // the cluster is not reachable yet (a client role started first)
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private sealed class Queue(IDomainEventHandler handler)
    {
        public IDomainEventHandler Handler { get; } = handler;
        public string Name { get; } = handler.GetType().Name;
        public Channel<DomainEventBatch> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<DomainEventBatch>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Dropped.Add(1, new KeyValuePair<string, object?>("handler", handler.GetType().Name)));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Domain event handler {Handler} failed on a batch")]
    private partial void LogHandlerFailed(Exception error, string handler);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to domain events yet; retrying")]
    private partial void LogSubscribeFailed(Exception error);
}
