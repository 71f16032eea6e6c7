using System.Collections.Concurrent;
using GridDispatch.Grains.Events;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A domain-event subscriber that remembers everything it heard, for assertions.</summary>
public sealed class EventCollector : IDomainEventObserver
{
    private readonly ConcurrentQueue<DomainEvent> _events = new();

    public Task OnEvents(DomainEventBatch batch)
    {
        foreach (var e in batch.Events) _events.Enqueue(e);
        return Task.CompletedTask;
    }

    public IReadOnlyList<T> All<T>(Func<T, bool>? where = null) where T : DomainEvent =>
        [.. _events.OfType<T>().Where(e => where?.Invoke(e) ?? true)];

    /// <summary>Waits for the first event of type <typeparamref name="T"/> matching <paramref name="where"/>.</summary>
    public async Task<T> WaitFor<T>(Func<T, bool> where, TimeSpan? timeout = null) where T : DomainEvent
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (_events.OfType<T>().FirstOrDefault(where) is { } found) return found;
            await Task.Delay(20);
        }

        throw new TimeoutException($"no {typeof(T).Name} matching the condition; heard {_events.Count} events: " +
            string.Join(", ", _events.TakeLast(20).Select(e => e.GetType().Name)));
    }
}
