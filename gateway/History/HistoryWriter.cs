using System.Diagnostics.Metrics;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.History;

/// <summary>
/// Hears the domain events (as the hub feed does) and keeps the incidents' and lamps' rows: each incident's
/// latest snapshot and each lamp hour wait in memory, replacing earlier ones of the same key, and are written
/// every <see cref="HistoryOptions.FlushEvery"/> as one transaction, off the events' path. At most
/// <see cref="HistoryOptions.QueueCapacity"/> rows wait; beyond that new rows are dropped and counted, so a
/// slow database costs history, never the live feed. A failed write is kept for the next flush.
/// </summary>
public sealed partial class HistoryWriter(IHistoryStore store, IOptions<HistoryOptions> options, ILogger<HistoryWriter> logger)
    : BackgroundService, IDomainEventHandler
{
    private readonly Lock _lock = new();
    private Dictionary<string, IncidentRecord> _incidents = [];
    private Dictionary<(string, DateTimeOffset), LampHour> _lampHours = [];

    public Task HandleAsync(DomainEventBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
            foreach (var e in batch.Events)
            {
                switch (e)
                {
                    case IncidentChanged i: Keep(_incidents, i.Incident.Id, IncidentRecords.From(i.Incident, i.Village), "incident"); break;
                    case LampHourEnded h:
                        Keep(_lampHours, (h.LampId, h.Energy.Hour), new LampHour(h.LampId, h.Township, h.Village ?? "", h.Cell, h.Energy.Hour,
                            h.Energy.UsedWh, h.Energy.BaselineWh, h.Energy.LitHours), "lamp_hour");
                        break;
                }
            }

        return Task.CompletedTask;
    }

    private void Keep<TKey, TRow>(Dictionary<TKey, TRow> pending, TKey key, TRow row, string kind) where TKey : notnull
    {
        if (pending.ContainsKey(key) || _incidents.Count + _lampHours.Count < options.Value.QueueCapacity) pending[key] = row;
        else HistoryMetrics.Dropped.Add(1, new KeyValuePair<string, object?>("kind", kind));
    }

    public int Queued
    {
        get { lock (_lock) return _incidents.Count + _lampHours.Count; }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HistoryMetrics.Watch(this);
        using var timer = new PeriodicTimer(options.Value.FlushEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(CancellationToken.None);
        }
        catch (OperationCanceledException) { }
        await FlushAsync(CancellationToken.None); // what the last moments brought, before the process goes
    }

    /// <summary>Writes whatever waits, as one transaction.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, IncidentRecord> incidents;
        Dictionary<(string, DateTimeOffset), LampHour> lampHours;
        lock (_lock)
        {
            if (_incidents.Count + _lampHours.Count == 0) return;
            (incidents, _incidents) = (_incidents, []);
            (lampHours, _lampHours) = (_lampHours, []);
        }

        var batch = new HistoryBatch([], [.. lampHours.Values], [.. incidents.Values]);
        try
        {
            await store.WriteAsync(batch, cancellationToken);
            HistoryMetrics.Written.Add(batch.Count);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            HistoryMetrics.Failed.Add(1);
            LogWriteFailed(error, batch.Count);
            lock (_lock)
            {
                // Back in the queue unless something newer came meanwhile; over capacity, dropped and counted.
                foreach (var (key, row) in incidents) if (!_incidents.ContainsKey(key)) Keep(_incidents, key, row, "incident");
                foreach (var (key, row) in lampHours) if (!_lampHours.ContainsKey(key)) Keep(_lampHours, key, row, "lamp_hour");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Rows} history rows; they are kept for the next try")]
    private partial void LogWriteFailed(Exception error, int rows);
}
