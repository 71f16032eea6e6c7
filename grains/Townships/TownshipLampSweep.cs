using GridDispatch.Grains.Common;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Grains.Townships;

/// <summary>
/// Once a silo is active, asks every township to sweep its lamps, so lamps that never speak are
/// activated and watched for silence; each township's sweep reminder repeats it. Runs one stage after
/// the liveness monitor has marked when this silo started watching, and sweeps once the lamps that are alive have
/// had time to report (<see cref="LampLivenessMonitor.SettleFor"/>): only the silent ones are woken.
/// </summary>
public sealed class TownshipLampSweep(IGrainFactory grains, LampLivenessMonitor liveness, DomainClock clock, ILogger<TownshipLampSweep> log)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TownshipLampSweep), ServiceLifecycleStage.Active + 1, OnActive, _ => _stopping.CancelAsync());

    private Task OnActive(CancellationToken cancellationToken)
    {
        _ = SweepAllAsync(); // not awaited: start-up does not wait for 800 lamps per township
        return Task.CompletedTask;
    }

    private async Task SweepAllAsync()
    {
        try
        {
            await Task.Delay(liveness.SettleFor, clock.Time, _stopping.Token);
            foreach (var township in await grains.GetGrain<ITownshipDirectoryGrain>(0).List())
                await grains.GetGrain<ITownshipLampsGrain>(township.Id).Sweep();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo stopped before the lamps had settled: the next start sweeps.
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Start-up sweep of lamps failed; the townships' sweep reminders will watch them");
        }
    }
}
