using Microsoft.Extensions.Logging;

namespace GridDispatch.Grains.Townships;

/// <summary>
/// Once a silo is active, asks every township to sweep its lamps, so lamps that never speak are
/// watched for silence (by their ids: none is activated for it); each township's sweep reminder repeats it. Runs one stage after
/// the liveness monitor has marked when this silo started watching.
/// </summary>
public sealed class TownshipLampSweep(IGrainFactory grains, ILogger<TownshipLampSweep> log) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TownshipLampSweep), ServiceLifecycleStage.Active + 1, OnActive, _ => Task.CompletedTask);

    private Task OnActive(CancellationToken cancellationToken)
    {
        _ = SweepAllAsync(); // not awaited: start-up does not wait for 800 lamps per township
        return Task.CompletedTask;
    }

    private async Task SweepAllAsync()
    {
        try
        {
            foreach (var township in await grains.GetGrain<ITownshipDirectoryGrain>(0).List())
                await grains.GetGrain<ITownshipLampsGrain>(township.Id).Sweep();
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Start-up sweep of lamps failed; the townships' sweep reminders will watch them");
        }
    }
}
