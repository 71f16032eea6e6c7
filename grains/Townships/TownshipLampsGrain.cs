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
/// township (stored, like the lamp list) wakes every configured lamp every <see cref="FaultThresholds.WatchSweepEvery"/>.
/// A lamp this silo already watches is active here and is not called: at a province's 2,000,000 lamps a sweep that
/// called every lamp each minute would add 33,000 grain calls a second, as many as the lamps' own reports. For the
/// same reason nothing is woken while the silo is settling after its start (<see cref="LampLivenessMonitor.Settling"/>).
/// </summary>
public sealed class TownshipLampsGrain(
    [PersistentState("township-lamps")] IPersistentState<TownshipLampsState> state,
    IOptions<FaultThresholds> thresholds,
    LampLivenessMonitor liveness) : Grain, ITownshipLampsGrain, IRemindable
{
    private const string SweepReminder = "watch-lamps";

    /// <summary>Lamps woken at once; a sweep of 800 lamps is a few batches.</summary>
    private const int Batch = 200;

    private bool _reminded;

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

    private async Task WakeLamps()
    {
        if (liveness.Settling) return; // the live lamps are reporting, and activate themselves
        foreach (var batch in state.State.LampIds.Where(id => !liveness.IsWatched(id)).Chunk(Batch))
            await Task.WhenAll(batch.Select(id => GrainFactory.GetGrain<IStreetlightGrain>(id).Watch()));
    }

    private async Task EnsureReminder()
    {
        if (_reminded || state.State.LampIds.Count == 0) return;
        var every = thresholds.Value.WatchSweepEvery;
        await this.RegisterOrUpdateReminder(SweepReminder, every, every);
        _reminded = true;
    }
}
