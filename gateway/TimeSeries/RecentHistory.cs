using System.Collections.Concurrent;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>
/// The charts' history when no InfluxDB is configured: each township's roll-up figures sampled once a
/// minute and kept for a day, in memory. A restart starts the charts afresh; for history that outlives
/// the process, configure InfluxDB (docs/CONFIGURATION.md).
/// </summary>
public sealed partial class RecentHistory(IGrainFactory grains, TimeProvider time, ILogger<RecentHistory> logger) : BackgroundService
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Keep = TimeSpan.FromHours(24);
    public static readonly IReadOnlyList<string> Metrics = ["lit", "faulty", "offline", "incidents"];

    private readonly ConcurrentDictionary<string, LinkedList<(DateTimeOffset At, CellFigures Figures)>> _samples = new();

    public IReadOnlyList<HistoryPoint> Read(string township, string metric, TimeSpan window)
    {
        if (!_samples.TryGetValue(township, out var samples)) return [];
        var from = time.GetUtcNow() - window;
        lock (samples)
            return [.. samples.Where(s => s.At >= from).Select(s => new HistoryPoint(s.At, Value(s.Figures, metric)))];
    }

    private static double Value(CellFigures f, string metric) => metric switch
    {
        "lit" => f.LampsLit,
        "faulty" => f.LampsFaulty,
        "offline" => f.LampsOffline,
        _ => f.OpenIncidents,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SampleEvery, time);
        do
        {
            try { await SampleAsync(); }
            catch (Exception error) when (error is not OperationCanceledException) { LogSampleFailed(error); }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync()
    {
        var now = time.GetUtcNow();
        foreach (var township in await grains.GetGrain<ITownshipDirectoryGrain>(0).List())
        {
            var figures = (await grains.GetGrain<IGridCellGrain>(CellKeys.Township(township.Id)).GetSummary()).Figures;
            var samples = _samples.GetOrAdd(township.Id, _ => new());
            lock (samples)
            {
                samples.AddLast((now, figures));
                while (samples.First is { } oldest && now - oldest.Value.At > Keep) samples.RemoveFirst();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sample the townships' figures for the charts")]
    private partial void LogSampleFailed(Exception error);
}
