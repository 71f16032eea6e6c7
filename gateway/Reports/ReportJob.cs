using GridDispatch.Gateway.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Reports;

/// <summary>
/// Every <see cref="HistoryRetention.RunEvery"/> (an hour by default): sums the lamp hours into per-village day rows, and
/// publishes the 红黑榜 of each month and quarter that has ended (<see cref="ReportService.FreezeEndedAsync"/>).
/// Both are idempotent, so every silo of a cluster may run it; the first publication stands.
/// </summary>
public sealed partial class ReportJob(IHistoryStore store, ReportService reports, IOptions<HistoryOptions> options, TimeProvider time,
    ILogger<ReportJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Retention.RunEvery, time);
        do
        {
            try
            {
                var days = await store.RollUpLampDaysAsync(time.GetUtcNow(), stoppingToken);
                var published = await reports.FreezeEndedAsync(stoppingToken);
                if (published > 0) LogPublished(published);
                LogRolledUp(days);
            }
            catch (Exception error) when (error is not OperationCanceledException) { LogFailed(error); }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Count} 红黑榜 of ended periods")]
    private partial void LogPublished(int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reports: {Rows} lamp-day rows rolled up")]
    private partial void LogRolledUp(int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report job failed (lamp days or the 红黑榜); the next pass retries")]
    private partial void LogFailed(Exception error);
}
