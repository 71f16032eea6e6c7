using System.Collections.Concurrent;

namespace GridDispatch.Tests.TestGrains;

/// <summary>A grain that registers a reminder and reports each tick to the test process.</summary>
[Alias("GridDispatch.Tests.IAlarmClockGrain")]
public interface IAlarmClockGrain : IGrainWithStringKey
{
    [Alias("Set")] Task Set(TimeSpan dueIn, TimeSpan period);
}

public sealed class AlarmClockGrain : Grain, IAlarmClockGrain, IRemindable
{
    /// <summary>Ticks by grain key; static because the test and its in-process silos share one process.</summary>
    public static readonly ConcurrentDictionary<string, TaskCompletionSource<DateTime>> FirstTicks = new();

    public static Task<DateTime> FirstTick(string key) =>
        FirstTicks.GetOrAdd(key, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public Task Set(TimeSpan dueIn, TimeSpan period) => this.RegisterOrUpdateReminder("ring", dueIn, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        FirstTicks.GetOrAdd(this.GetPrimaryKeyString(), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(DateTime.UtcNow);
        return Task.CompletedTask;
    }
}
