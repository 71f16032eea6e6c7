using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Dashboard.Hubs;

/// <summary>
/// Tells every screen to watch again when the cluster's silos change. While a dead silo is not yet declared
/// dead, the live feed can miss events (those a dying silo had not sent, or that went through its gateway);
/// the screen's snapshot has them. On the change, and once more a few seconds later when routes have
/// settled, each page re-reads its snapshot and marks what it had not heard live as late (迟到), so every
/// alarm reaches the screen live or marked late, without a reload.
/// </summary>
public sealed partial class ClusterChanges(IGrainFactory grains, IHubContext<CommandCentreHub> hub, TimeProvider time, ILogger<ClusterChanges> logger)
    : BackgroundService
{
    public const string Message = "clusterChanged";
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan SettleAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        string? known = null;
        using var timer = new PeriodicTimer(PollEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            string silos;
            try
            {
                silos = string.Join(",", (await management.GetHosts(onlyActive: true)).Keys.Select(s => s.ToString()).Order());
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                continue; // the management grain may be moving with a dead silo: ask again at the next tick
            }

            if (known is not null && silos != known)
            {
                LogChanged(silos);
                await TellScreens(stoppingToken);
                _ = Task.Delay(SettleAfter, time, stoppingToken).ContinueWith(_ => TellScreens(stoppingToken), TaskScheduler.Default);
            }

            known = silos;
        }
    }

    private async Task TellScreens(CancellationToken stoppingToken)
    {
        try
        {
            await hub.Clients.All.SendAsync(Message, stoppingToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogTellFailed(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The cluster's silos changed ({Silos}): screens watch again")]
    private partial void LogChanged(string silos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the screens that the cluster changed")]
    private partial void LogTellFailed(Exception error);
}
