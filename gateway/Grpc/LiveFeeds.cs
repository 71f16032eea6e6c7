using System.Collections.Concurrent;
using System.Threading.Channels;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

using GridDispatch.Grains.Townships;

namespace GridDispatch.Gateway.Grpc;

/// <summary>
/// Per-responder and per-incident live feeds for streaming calls, a handler of the process's event inbox. Each stream has its own bounded queue: a slow handheld loses its oldest updates
/// (it re-reads state when it reconnects), never the gateway's memory.
/// </summary>
public sealed class LiveFeeds : IDomainEventHandler
{
    private const int PerStream = 1_000;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Channel<DomainEvent>>> _feeds = new(StringComparer.Ordinal);
    private volatile bool _stopping;

    public LiveFeeds(IHostApplicationLifetime lifetime) =>
        // Kestrel's graceful stop waits for open requests, and a streaming call never ends on its own: end them
        // all as the stop begins (handhelds reconnect), or every stop waits out Kestrel's 30 s timeout.
        lifetime.ApplicationStopping.Register(EndAll);

    public static string ForResponder(string id) => "responder:" + id;

    public static string ForIncident(string id) => "incident:" + id;

    public Feed Subscribe(string key)
    {
        var channel = Channel.CreateBounded<DomainEvent>(new BoundedChannelOptions(PerStream) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var id = Guid.NewGuid();
        _feeds.GetOrAdd(key, _ => new())[id] = channel;
        if (_stopping) channel.Writer.TryComplete();
        return new Feed(channel.Reader, () => { if (_feeds.TryGetValue(key, out var streams)) streams.TryRemove(id, out _); });
    }

    private void EndAll()
    {
        _stopping = true;
        foreach (var stream in _feeds.Values.SelectMany(s => s.Values)) stream.Writer.TryComplete();
    }

    public Task HandleAsync(DomainEventBatch batch, CancellationToken cancellationToken)
    {
        foreach (var e in batch.Events)
        {
            if (e is ReportCalled called)
            {
                foreach (var person in called.Called) Write(ForResponder(person.Id), e);
                continue;
            }

            var key = e switch
            {
                WorkOrderOffered o => ForResponder(o.WorkOrder.ResponderId),
                WorkOrderWithdrawn w => ForResponder(w.ResponderId),
                WorkOrderUrged u => ForResponder(u.ResponderId),
                IncidentChanged i => ForIncident(i.Incident.Id),
                _ => null,
            };
            if (key is not null) Write(key, e);
        }

        return Task.CompletedTask;
    }

    private void Write(string key, DomainEvent e)
    {
        if (_feeds.TryGetValue(key, out var streams))
            foreach (var stream in streams.Values) stream.Writer.TryWrite(e);
    }

    public sealed class Feed(ChannelReader<DomainEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<DomainEvent> Reader { get; } = reader;

        /// <summary>
        /// Writes each event <paramref name="map"/> turns into a message until the client hangs up (or its
        /// deadline passes), or until a message <paramref name="isLast"/> says the stream is complete.
        /// </summary>
        public async Task PumpAsync<T>(IAsyncStreamWriter<T> stream, Func<DomainEvent, T?> map, Func<T, bool> isLast, CancellationToken cancellationToken)
            where T : class
        {
            try
            {
                await foreach (var e in Reader.ReadAllAsync(cancellationToken))
                {
                    if (map(e) is not { } message) continue;
                    await stream.WriteAsync(message, cancellationToken);
                    if (isLast(message)) return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client hung up or its deadline passed.
            }
        }

        public void Dispose() => unsubscribe();
    }
}
