using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Grains.Events;

/// <summary>
/// One per silo: gathers the events its grains publish for a few milliseconds, coalesces repeated
/// state changes (a lamp's latest state replaces its earlier ones), and sends each batch one-way to
/// every subscriber. Publishing is a local enqueue, so a lamp pays no grain call for it.
/// </summary>
public sealed partial class DomainEventNotifier(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<DomainEventNotifier> logger)
    : BackgroundService, IDomainEvents
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(15);
    public const int MaxBatch = 1000;
    private const int QueueCapacity = 200_000;
    private static readonly TimeSpan RefreshSubscribersEvery = TimeSpan.FromSeconds(2);

    private static readonly Meter Meter = new("GridDispatch.Events");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("griddispatch.events.published", "{event}");
    private static readonly Counter<long> Coalesced = Meter.CreateCounter<long>("griddispatch.events.coalesced", "{event}", "Superseded by a later event for the same thing in one batch");
    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>("griddispatch.events.dropped", "{event}", "Oldest events dropped because the queue was full");
    private static readonly Counter<long> Batches = Meter.CreateCounter<long>("griddispatch.events.batches", "{batch}");

    private readonly Channel<DomainEvent> _queue = Channel.CreateBounded<DomainEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => Dropped.Add(1));

    private IReadOnlyList<IDomainEventObserver> _subscribers = [];

    /// <summary>Events waiting for the next batch: a queue depth the soak watches for growth.</summary>
    private ObservableGauge<int>? _queued;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _queued ??= Meter.CreateObservableGauge("griddispatch.events.queued", () => _queue.Reader.Count, "{event}", "Events waiting to be batched");
        return base.StartAsync(cancellationToken);
    }
    private DateTime _subscribersRefreshedAt = DateTime.MinValue;

    public void Publish(DomainEvent domainEvent)
    {
        _queue.Writer.TryWrite(domainEvent);
        Published.Add(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var batch = new List<DomainEvent>(MaxBatch);
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            await Task.Delay(FlushInterval, stoppingToken);
            while (reader.TryPeek(out _))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
                await SendAsync(Coalesce(batch));
            }
        }
    }

    /// <summary>Keeps, in order, every event except those a later event in the batch supersedes.</summary>
    public static List<DomainEvent> Coalesce(IReadOnlyList<DomainEvent> batch)
    {
        var last = new Dictionary<string, int>();
        for (var i = 0; i < batch.Count; i++)
            if (batch[i].CoalesceKey is { } key) last[key] = i;

        var kept = new List<DomainEvent>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
            if (batch[i].CoalesceKey is not { } key || last[key] == i) kept.Add(batch[i]);
        Coalesced.Add(batch.Count - kept.Count);
        return kept;
    }

    private async Task SendAsync(List<DomainEvent> events)
    {
        // Shutting down: the listeners are going (a live feed, not the record: screens re-read state when they
        // reconnect), and the runtime no longer takes messages. Counted, not sent.
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            Dropped.Add(events.Count);
            return;
        }

        var subscribers = await SubscribersAsync();
        if (subscribers.Count == 0) return;
        var batch = new DomainEventBatch(events);
        foreach (var subscriber in subscribers) _ = subscriber.OnEvents(batch);
        Batches.Add(1);
    }

    private async Task<IReadOnlyList<IDomainEventObserver>> SubscribersAsync()
    {
        // An empty list is re-read every batch, so a new subscriber hears from the next batch on.
        if (_subscribers.Count > 0 && DateTime.UtcNow - _subscribersRefreshedAt < RefreshSubscribersEvery) return _subscribers;
        try
        {
            _subscribers = await grains.GetGrain<IEventSubscribersGrain>(0).GetSubscribers();
            _subscribersRefreshedAt = DateTime.UtcNow;
        }
        catch (Exception error)
        {
            // Keep delivering to the last known list; the registry is back on the next refresh.
            LogRefreshFailed(error);
        }

        return _subscribers;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the event subscriber list")]
    private partial void LogRefreshFailed(Exception error);
}
