using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.History;

/// <summary>
/// Every <see cref="HistoryRetention.RunEvery"/>: rolls ended hours' minutes up into hour rows and removes rows
/// past their retention. Idempotent, so every silo of a cluster may run it.
/// </summary>
public sealed partial class HistoryRetentionJob(IHistoryStore store, IOptions<HistoryOptions> options, TimeProvider time,
    ILogger<HistoryRetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.Retention;
        using var timer = new PeriodicTimer(retention.RunEvery, time);
        do
        {
            try
            {
                var r = await store.ApplyRetentionAsync(retention, time.GetUtcNow(), stoppingToken);
                LogApplied(r.HoursRolledUp, r.MinutesRemoved, r.HoursRemoved, r.LampHoursRemoved, r.IncidentsRemoved, r.PlaybackRowsRemoved);
            }
            catch (Exception error) when (error is not OperationCanceledException) { LogFailed(error); }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "History retention: {Rolled} hour rows rolled up; removed {Minutes} minute, {Hours} hour, {LampHours} lamp-hour, {Incidents} incident, {Playback} playback rows")]
    private partial void LogApplied(int rolled, int minutes, int hours, int lampHours, int incidents, int playback);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History retention pass failed; the next pass retries")]
    private partial void LogFailed(Exception error);
}
