using System.Diagnostics.Metrics;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.History;

/// <summary>
/// Hears the domain events (as the hub feed does) and keeps the incidents' and lamps' rows, and for the map's playback
/// the alarms, incident steps and responders' moves: each row waits in memory, replacing an earlier one of the same
/// key (an incident's latest snapshot, an alarm's latest step), and all are written every <see cref="HistoryOptions.FlushEvery"/> as one transaction, off the events' path. At most
/// <see cref="HistoryOptions.QueueCapacity"/> rows wait; beyond that new rows are dropped and counted, so a
/// slow database costs history, never the live feed. A failed write is kept for the next flush.
/// </summary>
public sealed partial class HistoryWriter(IHistoryStore store, IOptions<HistoryOptions> options, ILogger<HistoryWriter> logger)
    : BackgroundService, IDomainEventHandler
{
    private readonly Lock _lock = new();
    private Dictionary<string, IncidentRecord> _incidents = [];
    private Dictionary<(string, DateTimeOffset), LampHour> _lampHours = [];
    private Dictionary<(string, DateTimeOffset), ResponderPosition> _positions = [];
    private Dictionary<string, AlarmRecord> _alarms = [];
    private Dictionary<(string, int), IncidentStep> _steps = [];

    /// <summary>Each responder's last position seen: a card that changed for its load or status adds no point to the trail.</summary>
    private readonly Dictionary<string, (double Lat, double Lon)> _lastPosition = new(StringComparer.Ordinal);

    public Task HandleAsync(DomainEventBatch batch, CancellationToken cancellationToken)
    {
        lock (_lock)
            foreach (var e in batch.Events)
            {
                switch (e)
                {
                    case IncidentChanged i:
                        Keep(_incidents, i.Incident.Id, IncidentRecords.From(i.Incident, i.Village), "incident");
                        foreach (var step in IncidentRecords.Steps(i.Incident)) Keep(_steps, (step.IncidentId, step.Seq), step, "incident_step");
                        break;
                    case LampHourEnded h:
                        Keep(_lampHours, (h.LampId, h.Energy.Hour), new LampHour(h.LampId, h.Township, h.Village ?? "", h.Cell, h.Energy.Hour,
                            h.Energy.UsedWh, h.Energy.BaselineWh, h.Energy.LitHours), "lamp_hour");
                        break;
                    case AlarmRaised a: KeepAlarm(a.Township, a.Cell, a.Alarm); break;
                    case AlarmAcknowledged a: KeepAlarm(a.Township, a.Cell, a.Alarm); break;
                    case AlarmCleared a: KeepAlarm(a.Township, a.Cell, a.Alarm); break;
                    case ResponderChanged { Responder: { Lat: { } lat, Lon: { } lon } card } r
                        when !_lastPosition.TryGetValue(card.Id, out var last) || last != (lat, lon):
                        _lastPosition[card.Id] = (lat, lon);
                        Keep(_positions, (card.Id, r.At), new ResponderPosition(card.Id, r.Township, r.At, lat, lon, card.Status.ToString()), "position");
                        break;
                }
            }

        return Task.CompletedTask;
    }

    private void KeepAlarm(string township, string cell, Alarm a) => Keep(_alarms, a.AlarmId, new AlarmRecord(
        a.AlarmId, township, a.LampId, cell, a.Code.ToString(), a.Severity.ToString(), a.RaisedAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ClearedAt), "alarm");

    private void Keep<TKey, TRow>(Dictionary<TKey, TRow> pending, TKey key, TRow row, string kind) where TKey : notnull
    {
        if (pending.ContainsKey(key) || Pending < options.Value.QueueCapacity) pending[key] = row;
        else HistoryMetrics.Dropped.Add(1, new KeyValuePair<string, object?>("kind", kind));
    }

    private int Pending => _incidents.Count + _lampHours.Count + _positions.Count + _alarms.Count + _steps.Count;

    public int Queued
    {
        get { lock (_lock) return Pending; }
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
        Dictionary<(string, DateTimeOffset), ResponderPosition> positions;
        Dictionary<string, AlarmRecord> alarms;
        Dictionary<(string, int), IncidentStep> steps;
        lock (_lock)
        {
            if (Pending == 0) return;
            (incidents, _incidents) = (_incidents, []);
            (lampHours, _lampHours) = (_lampHours, []);
            (positions, _positions) = (_positions, []);
            (alarms, _alarms) = (_alarms, []);
            (steps, _steps) = (_steps, []);
        }

        var batch = new HistoryBatch([], [.. lampHours.Values], [.. incidents.Values])
        {
            Positions = [.. positions.Values], Alarms = [.. alarms.Values], IncidentSteps = [.. steps.Values],
        };
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
                Requeue(_incidents, incidents, "incident");
                Requeue(_lampHours, lampHours, "lamp_hour");
                Requeue(_positions, positions, "position");
                Requeue(_alarms, alarms, "alarm");
                Requeue(_steps, steps, "incident_step");
            }
        }
    }

    private void Requeue<TKey, TRow>(Dictionary<TKey, TRow> pending, Dictionary<TKey, TRow> failed, string kind) where TKey : notnull
    {
        foreach (var (key, row) in failed) if (!pending.ContainsKey(key)) Keep(pending, key, row, kind);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Rows} history rows; they are kept for the next try")]
    private partial void LogWriteFailed(Exception error, int rows);
}
