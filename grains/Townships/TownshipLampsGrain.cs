using GridDispatch.Grains.Common;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Townships;

[GenerateSerializer, Alias("GridDispatch.Townships.TownshipLampsState")]
public sealed class TownshipLampsState
{
    [Id(0)] public List<string> LampIds { get; set; } = [];
}

/// <summary>
/// A lamp is watched for silence by the silo it is active on, and activated when it speaks; one that
/// never speaks again after a restart (or whose silo died) would never be watched. So a reminder per
/// township (stored, like the lamp list) has this silo watch every configured lamp by its id every
/// <see cref="FaultThresholds.WatchSweepEvery"/> (<see cref="LampLivenessMonitor.WatchUnheard"/>): a dictionary entry, not
/// an activation; only a lamp still silent at COMM_LOSS's limit is activated, to raise it. Waking every lamp instead
/// cost a province's restart millions of activations in its first minutes (2026-11-30, 2,000,000 lamps).
/// </summary>
public sealed class TownshipLampsGrain(
    [PersistentState("township-lamps")] IPersistentState<TownshipLampsState> state,
    IOptions<FaultThresholds> thresholds,
    LampLivenessMonitor liveness,
    IDomainEvents events,
    DomainClock clock) : Grain, ITownshipLampsGrain, IRemindable
{
    private const string SweepReminder = "watch-lamps";

    private bool _reminded;
    private TownshipSilence _silence = TownshipSilence.None;

    public async Task Set(IReadOnlyList<string> lampIds)
    {
        state.State.LampIds = [.. lampIds];
        await state.WriteStateAsync();
        await EnsureReminder();
    }

    public Task<IReadOnlyList<string>> Get() => Task.FromResult<IReadOnlyList<string>>(state.State.LampIds);

    public async Task Sweep()
    {
        await EnsureReminder();
        await WakeLamps();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => WakeLamps();

    public Task<TownshipSilence> GetSilence() => Task.FromResult(_silence);

    /// <summary>Watches every lamp, and counts those a mass silence holds: the screen shows the outage, not an alarm per lamp.</summary>
    private Task WakeLamps()
    {
        var held = 0;
        foreach (var id in state.State.LampIds)
        {
            liveness.WatchUnheard(id);
            if (liveness.IsHeld(id)) held++;
        }

        var silence = held == 0 ? TownshipSilence.None : new TownshipSilence(held, state.State.LampIds.Count, liveness.MassSilenceSince);
        if (silence != _silence)
        {
            _silence = silence;
            events.Publish(new TownshipSilenceChanged { Township = this.GetPrimaryKeyString(), At = clock.Now, Silence = silence });
        }
        return Task.CompletedTask;
    }

    private async Task EnsureReminder()
    {
        if (_reminded || state.State.LampIds.Count == 0) return;
        var every = thresholds.Value.WatchSweepEvery;
        await this.RegisterOrUpdateReminder(SweepReminder, every, every);
        _reminded = true;
    }
}
