using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Dashboard.Hubs;

/// <summary>
/// Domain events to browsers, like GPSTracker's hub fan-out: a handler of the process's one event inbox;
/// events are sorted into the groups that may see them, kept latest-per-thing, and sent
/// every <see cref="FlushEvery"/> as one array per message kind and group. A burst of 10,000 lamp
/// changes is then a handful of messages, never 10,000. Events name the village they concern, so the
/// feed routes to village screens without reading the grid tree.
/// What a person acts on (<see cref="Urgent"/>: alarms, incidents, work orders) does not wait for the tick
/// nor queue behind lamp deltas: it is sent as soon as it is routed, and first in every flush. Lamp deltas
/// go last, at most <see cref="MaxLampItemsPerFlush"/> a group per flush; the rest wait for the next flush,
/// still latest-per-lamp, so a burst cannot fill a screen's connection ahead of the next alarm.
/// </summary>
public sealed partial class CommandCentreFeed(IHubContext<CommandCentreHub> hub, ILogger<CommandCentreFeed> logger)
    : BackgroundService, IDomainEventHandler
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(100);
    public const int MaxItemsPerMessage = 1_000;
    public const int MaxLampItemsPerFlush = 2_000;
    public const string LampKind = "lampChanged";

    /// <summary>The kinds sent at once and ahead of the rest, in this order.</summary>
    public static readonly IReadOnlyList<string> Urgent =
        ["alarmRaised", "alarmCleared", "incidentChanged", "incidentEscalated", "modeChanged", "reportCalled", "workOrderOffered", "workOrderUrged", "workOrderWithdrawn"];

    /// <summary>Each urgent kind's place in <see cref="Urgent"/>: asked for every item the feed routes, so one lookup.</summary>
    private static readonly FrozenDictionary<string, int> UrgentRank = Urgent.Select((kind, i) => KeyValuePair.Create(kind, i)).ToFrozenDictionary();

    private static readonly Meter Meter = new("GridDispatch.Dashboard");
    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("griddispatch.dashboard.messages", "{message}", "Hub messages sent to groups");

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _urgentWaiting = new(0, 1);
    private Dictionary<(string Group, string Kind), Dictionary<string, object>> _pending = [];
    private Dictionary<(string Group, string Kind), Dictionary<string, object>> _urgent = [];

    public Task HandleAsync(DomainEventBatch batch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var e in batch.Events) Route(e);
        }

        return Task.CompletedTask;
    }

    private void Route(DomainEvent e)
    {
        var t = e.Township;
        switch (e)
        {
            case LampChanged c: ToScreens(t, c.Lamp.Village, "lampChanged", c.Lamp.LampId, ScreenMapping.Lamp(c.Lamp)); break;
            case AlarmRaised a: ToScreens(t, a.Village, "alarmRaised", a.Alarm.AlarmId, ScreenMapping.Alarm(a.Alarm, t, a.Cell)); break;
            case AlarmCleared a: ToScreens(t, a.Village, "alarmCleared", a.Alarm.AlarmId, ScreenMapping.Alarm(a.Alarm, t, a.Cell)); break;
            case AlarmAcknowledged a: ToScreens(t, a.Village, "alarmRaised", a.Alarm.AlarmId, ScreenMapping.Alarm(a.Alarm, t, a.Cell)); break; // the same alarm, now acknowledged
            // The command centre (township screens) follows a person's commands to one lamp to acknowledgement; latest state per
            // command wins. A group's parts and the nightly programs are not sent lamp by lamp (a township's are thousands a
            // night): the group's progress is, and the lamp drawer reads a lamp's own list when it opens.
            case LampCommandIssued c when ToOneLamp(c.Command): Add(HubGroups.Township(t), "lampCommand", c.Command.CmdId, ScreenMapping.Command(c.Command)); break;
            case LampCommandSettled c when ToOneLamp(c.Command): Add(HubGroups.Township(t), "lampCommand", c.Command.CmdId, ScreenMapping.Command(c.Command)); break;
            case IncidentChanged i:
                var item = ScreenMapping.Incident(i.Incident);
                ToScreens(t, i.Village, "incidentChanged", item.Id, item);
                foreach (var responder in Involved(i)) Add(HubGroups.Responder(responder), "incidentChanged", item.Id, item);
                break;
            case GroupCommandChanged g: Add(HubGroups.Township(t), "groupCommandProgress", g.Progress.Id, g.Progress); break;
            case IncidentEscalated x: Add(HubGroups.Township(t), "incidentEscalated", x.IncidentId, new EscalationItem(x.IncidentId, x.Level.ToString(), x.CellKey)); break;
            case ResponderChanged r:
                var responderItem = ScreenMapping.Responder(r.Responder);
                Add(HubGroups.Township(t), "responderChanged", r.Responder.Id, responderItem);
                Add(HubGroups.Responder(r.Responder.Id), "responderChanged", r.Responder.Id, responderItem);
                break;
            case SummaryChanged s when s.Level is CellLevel.Township or CellLevel.Village:
                var summary = ScreenMapping.Summary(s.CellKey, s.Level, s.Figures);
                Add(HubGroups.Township(t), "summary", s.CellKey, summary);
                if (s.Level == CellLevel.Village) Add(HubGroups.Village(t, CellKeys.Split(s.CellKey).CellId), "summary", s.CellKey, summary);
                break;
            case ModeChanged m: Add(HubGroups.Township(t), "modeChanged", t, ScreenMapping.Mode(m.Mode)); break;
            case TownshipSilenceChanged s:
                var silence = ScreenMapping.Silence(t, s.Silence);
                Add(HubGroups.Township(t), "silenceChanged", t, silence);
                Add(HubGroups.TownshipNotices(t), "silenceChanged", t, silence);
                break;
            case ReportCalled c:
                foreach (var person in c.Called) Add(HubGroups.Responder(person.Id), "reportCalled", t, new CallOutItem(t, c.Reason, c.At, null));
                break;
            case WorkOrderOffered o: Add(HubGroups.Responder(o.WorkOrder.ResponderId), "workOrderOffered", o.WorkOrder.IncidentId, ScreenMapping.WorkOrder(o.WorkOrder)); break;
            case WorkOrderUrged u: Add(HubGroups.Responder(u.ResponderId), "workOrderUrged", u.IncidentId, new UrgedItem(u.IncidentId, u.ResponderId, u.By, u.Note, u.Count, u.At)); break;
            case WorkOrderWithdrawn w: Add(HubGroups.Responder(w.ResponderId), "workOrderWithdrawn", w.IncidentId, new WithdrawnItem(w.IncidentId, w.ResponderId, w.Reason)); break;
        }
    }

    private static bool ToOneLamp(LampCommand c) => c.Group is null && c.IssuedBy != LightingGrain.Sender;

    private static IEnumerable<string> Involved(IncidentChanged i) =>
        i.Incident.Timeline.Select(e => e.ResponderId).Append(i.Incident.ResponderId).OfType<string>().Distinct();

    /// <summary>To the township's screens and to the screens of the village the event names.</summary>
    private void ToScreens(string township, string? village, string kind, string key, object item)
    {
        Add(HubGroups.Township(township), kind, key, item);
        if (village is not null) Add(HubGroups.Village(township, village), kind, key, item);
    }

    private void Add(string group, string kind, string key, object item)
    {
        var urgent = UrgentRank.ContainsKey(kind);
        var pending = urgent ? _urgent : _pending;
        if (!pending.TryGetValue((group, kind), out var items)) pending[(group, kind)] = items = [];
        items[key] = item; // latest wins within a flush
        if (urgent && _urgentWaiting.CurrentCount == 0) _urgentWaiting.Release(); // under _gate: never past its maximum
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = NextTick();
        while (!stoppingToken.IsCancellationRequested)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            // Woken by an urgent item: send those now; the rest keeps to the tick.
            var woken = left > TimeSpan.Zero && await _urgentWaiting.WaitAsync(left, stoppingToken);
            await SendAsync(TakeUrgent(), stoppingToken);
            if (woken) continue;
            await SendAsync(TakeRest(), stoppingToken);
            next = NextTick();
        }
    }

    private static long NextTick() => Stopwatch.GetTimestamp() + FlushEvery.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;

    /// <summary>What is urgent, in <see cref="Urgent"/>'s order.</summary>
    private List<(string Group, string Kind, IEnumerable<object> Items)> TakeUrgent()
    {
        Dictionary<(string Group, string Kind), Dictionary<string, object>> urgent;
        lock (_gate) (urgent, _urgent) = (_urgent, []);
        return [.. urgent.OrderBy(u => UrgentRank[u.Key.Kind]).Select(u => (u.Key.Group, u.Key.Kind, (IEnumerable<object>)u.Value.Values))];
    }

    /// <summary>The rest, lamp deltas last and capped per group; lamps over the cap stay pending, oldest first.</summary>
    private List<(string Group, string Kind, IEnumerable<object> Items)> TakeRest()
    {
        var send = new List<(string, string, IEnumerable<object>)>();
        var lamps = new List<(string, string, IEnumerable<object>)>();
        lock (_gate)
        {
            var batch = _pending;
            _pending = [];
            foreach (var ((group, kind), items) in batch)
            {
                if (kind != LampKind) send.Add((group, kind, items.Values));
                else if (items.Count <= MaxLampItemsPerFlush) lamps.Add((group, kind, items.Values));
                else
                {
                    // held over in their order; a newer change of one of them replaces it in place
                    _pending[(group, kind)] = new Dictionary<string, object>(items.Skip(MaxLampItemsPerFlush));
                    lamps.Add((group, kind, items.Values.Take(MaxLampItemsPerFlush).ToArray()));
                }
            }
        }

        send.AddRange(lamps);
        return send;
    }

    private async Task SendAsync(List<(string Group, string Kind, IEnumerable<object> Items)> batch, CancellationToken stoppingToken)
    {
        foreach (var (group, kind, items) in batch)
        {
            try
            {
                // Big batches in parts, so a browser parses and applies each in a short task.
                foreach (var part in items.Chunk(MaxItemsPerMessage))
                {
                    await hub.Clients.Group(group).SendAsync(kind, part, stoppingToken);
                    Sent.Add(1);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogSendFailed(error, kind, group);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send {Kind} to {Group}")]
    private partial void LogSendFailed(Exception error, string kind, string group);
}
