using System.Collections.Concurrent;

namespace GridDispatch.Simulators.Lamps;

/// <summary>
/// Simulated lamps handed over for a while to someone else (a scenario): paused, they disconnect and stay
/// quiet until resumed or until the pause runs out, so the two never fight over one lamp's MQTT identity.
/// </summary>
public sealed class LampPauses
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public void Pause(IEnumerable<string> lampIds, DateTimeOffset until)
    {
        foreach (var id in lampIds)
        {
            _until[id] = until;
            if (_waiting.TryRemove(id, out var wake)) wake.TrySetResult(); // it leaves now, not at its next report
        }
    }

    /// <summary>Completes when <paramref name="lampId"/> is next paused: a lamp waiting for its next report wakes up for it.</summary>
    public Task WhenPaused(string lampId) =>
        _waiting.GetOrAdd(lampId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Resume(IEnumerable<string> lampIds)
    {
        foreach (var id in lampIds) _until.TryRemove(id, out _);
    }

    public bool IsPaused(string lampId, DateTimeOffset now) => _until.TryGetValue(lampId, out var until) && now < until;
}
