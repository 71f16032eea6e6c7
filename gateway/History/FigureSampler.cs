using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.History;

/// <summary>
/// Once a minute (<see cref="HistoryOptions.SampleEvery"/>), every township's and village's roll-up figures
/// (lit, faulty, offline, open incidents), read from their cell grains, written as one batch. Every silo of a
/// cluster samples; the rows are keyed by the minute, so the copies are one row.
/// </summary>
public sealed partial class FigureSampler(IGrainFactory grains, IHistoryStore store, IOptions<HistoryOptions> options, TimeProvider time,
    ILogger<FigureSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleEvery, time);
        do
        {
            try { await SampleAsync(stoppingToken); }
            catch (Exception error) when (error is not OperationCanceledException) { LogSampleFailed(error); }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var samples = new List<FigureSample>();
        foreach (var entry in await grains.GetGrain<ITownshipDirectoryGrain>(0).List())
        {
            if (await grains.GetGrain<ITownshipGrain>(entry.Id).GetInfo() is not { } township) continue;
            var county = township.County ?? "";
            var cells = township.CellTree.Where(c => c.Level == CellLevel.Village).Select(c => (Key: CellKeys.Cell(township.Id, c.CellId), Village: c.CellId))
                .Prepend((Key: CellKeys.Township(township.Id), Village: ""));
            foreach (var (key, village) in cells)
            {
                var f = (await grains.GetGrain<IGridCellGrain>(key).GetSummary()).Figures;
                samples.Add(new FigureSample(township.Id, village, county, now, f.LampsTotal, f.LampsLit, f.LampsFaulty, f.LampsOffline, f.OpenIncidents));
            }
        }

        await store.WriteAsync(new HistoryBatch(samples, [], []), cancellationToken);
        HistoryMetrics.Written.Add(samples.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sample the townships' figures for the history")]
    private partial void LogSampleFailed(Exception error);
}
