using GridDispatch.Grains.Common;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Options;

namespace GridDispatch.Grains.Incidents;

public sealed class LampWorkOrdersGrain(
    [PersistentState("lamp-work-orders")] IPersistentState<LampWorkOrdersState> state,
    IOptions<LampWorkOrderOptions> options,
    DomainClock clock,
    CrashPoints crash) : Grain, ILampWorkOrdersGrain
{
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(14);
    private readonly List<DeskErrand> _queue = [];
    private Task _pump = Task.CompletedTask;
    private LampWorkOrdersState S => state.State;
    private LampWorkOrderOptions O => options.Value;
    private string Township => this.GetPrimaryKeyString();

    /// <summary>
    /// Idempotent by alarm id: where an alarm goes is saved before the incident is asked (write-ahead), so a
    /// lamp delivering the alarm again after a crash reaches the same incident, whose calls are idempotent too.
    /// </summary>
    public Task<string?> AlarmRaised(Alarm alarm, LampProfile lamp) => Enqueue(new DeskErrand(alarm, lamp, Cleared: false));

    /// <summary>The lamp is back: its order hears it first, then the alarm is forgotten, so a crash in between repeats only the idempotent part.</summary>
    public Task AlarmCleared(Alarm alarm, LampProfile lamp) => Enqueue(new DeskErrand(alarm, lamp, Cleared: true));

    /// <summary>
    /// Errands wait here while a batch is being filed (the calls interleave for that alone) and are taken together:
    /// a feeder or a township falling silent at once is thousands of alarms, and one save and one call per incident
    /// for all that arrived meanwhile keeps up with them, where a save of the whole desk per alarm did not.
    /// </summary>
    private Task<string?> Enqueue(DeskErrand errand)
    {
        _queue.Add(errand);
        if (_pump.IsCompleted) _pump = PumpAsync();
        return errand.Done.Task;
    }

    private async Task PumpAsync()
    {
        while (_queue.Count > 0)
        {
            var batch = _queue.ToList();
            _queue.Clear();
            try
            {
                await Raise([.. batch.Where(e => !e.Cleared)]);
                await Clear([.. batch.Where(e => e.Cleared)]);
            }
            catch (Exception failed)
            {
                foreach (var errand in batch) errand.Done.TrySetException(failed); // the lamps' outboxes deliver them again
            }
        }
    }

    private async Task Raise(List<DeskErrand> raised)
    {
        S.Open.RemoveAll(o => clock.Now - o.OpenedAt > ForgetAfter);
        while (raised.Count > 0)
        {
            // File each alarm (with its order, joined or its own), all saved before any incident is asked.
            var filed = new List<(DeskErrand Errand, string IncidentId)>();
            foreach (var errand in raised)
            {
                var (alarm, lamp) = (errand.Alarm, errand.Lamp);
                if (!S.FiledUnder.TryGetValue(alarm.AlarmId, out var incidentId))
                {
                    incidentId = S.Open.FirstOrDefault(o => Joins(o, alarm, lamp))?.IncidentId ?? OpenOwnOrder(alarm, lamp);
                    S.FiledUnder[alarm.AlarmId] = incidentId;
                }

                filed.Add((errand, incidentId));
            }

            await state.WriteStateAsync();
            crash.Reached("desk.filed");

            // One call per incident: its own alarm opens it, the others join. An order closed meanwhile takes none of
            // them: they are filed afresh in the next round (an alarm refused by its own order is filed nowhere).
            raised = [];
            var unfiled = false;
            foreach (var group in filed.GroupBy(f => f.IncidentId))
            {
                var incident = GrainFactory.GetGrain<IIncidentGrain>(group.Key);
                var opener = group.FirstOrDefault(f => OwnOrderId(f.Errand.Alarm) == group.Key).Errand;
                var joiners = group.Select(f => f.Errand).Where(e => e != opener).ToList();
                var opened = opener is null || (await incident.Open(OwnReport(opener.Alarm, opener.Lamp))).Ok;
                var joined = opened && (joiners.Count == 0 || await incident.AddLamps([.. joiners.Select(e => e.Lamp.LampId)]));
                crash.Reached("desk.incident-called");
                if (opened && joined)
                {
                    foreach (var errand in group) errand.Errand.Done.TrySetResult(group.Key);
                    continue;
                }

                unfiled = true;
                S.Open.RemoveAll(o => o.IncidentId == group.Key); // no longer takes faults
                foreach (var errand in group) S.FiledUnder.Remove(errand.Errand.Alarm.AlarmId);
                if (opener is not null && !opened) opener.Done.TrySetResult(null); // refused (e.g. the lamp's cell was never imported)
                raised.AddRange(joiners);
            }

            if (unfiled && raised.Count == 0) await state.WriteStateAsync();
        }
    }

    private async Task Clear(List<DeskErrand> cleared)
    {
        var filed = cleared.Where(e => S.FiledUnder.ContainsKey(e.Alarm.AlarmId)).ToList();
        foreach (var group in filed.GroupBy(e => S.FiledUnder[e.Alarm.AlarmId]))
            await GrainFactory.GetGrain<IIncidentGrain>(group.Key).LampsRestored([.. group.Select(e => e.Lamp.LampId)]);
        if (filed.Count > 0)
        {
            crash.Reached("desk.restored");
            foreach (var errand in filed) S.FiledUnder.Remove(errand.Alarm.AlarmId);
            await state.WriteStateAsync();
        }

        foreach (var errand in cleared) errand.Done.TrySetResult(null);
    }

    /// <summary>Adds the alarm's own order to the open ones (saved with the filing); its id follows from the alarm id.</summary>
    private string OpenOwnOrder(Alarm alarm, LampProfile lamp)
    {
        var id = OwnOrderId(alarm);
        S.Open.Add(new OpenLampOrder
        {
            IncidentId = id, Category = LampFaultDesk.CategoryOf(alarm.Code), Severity = LampFaultDesk.SeverityOf(alarm.Code),
            SupplyFault = alarm.Code == FaultCode.POWER_FAILURE, Silence = alarm.Code == FaultCode.COMM_LOSS, Feeder = lamp.Feeder, Street = lamp.Street,
            Lat = lamp.Lat, Lon = lamp.Lon, OpenedAt = clock.Now,
        });
        return id;
    }

    /// <summary>One lamp's alarm raised or cleared, waiting for the desk's next batch.</summary>
    private sealed record DeskErrand(Alarm Alarm, LampProfile Lamp, bool Cleared)
    {
        public TaskCompletionSource<string?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// A supply fault joins an open supply order on its feeder; a silent lamp joins an open silence order on its
    /// feeder (a 集中控制器 or 回路 gone quiet), or, for lamps on no feeder (solar), the township's; any fault joins a
    /// like order nearby on its street. Many lamps silent at once are then one outage, not one incident each.
    /// </summary>
    private bool Joins(OpenLampOrder order, Alarm alarm, LampProfile lamp)
    {
        if (LampFaultDesk.SeverityOf(alarm.Code) > order.Severity || LampFaultDesk.CategoryOf(alarm.Code) != order.Category) return false;
        if (alarm.Code == FaultCode.POWER_FAILURE && order.SupplyFault && lamp.Feeder is not null && lamp.Feeder == order.Feeder)
            return clock.Now - order.OpenedAt <= O.FeederWindow;
        if (alarm.Code == FaultCode.COMM_LOSS && order.Silence && lamp.Feeder == order.Feeder && clock.Now - order.OpenedAt <= O.FeederWindow)
            return true;
        return lamp.Street is not null && lamp.Street == order.Street
            && GeoDistance.Km(lamp.Lat, lamp.Lon, order.Lat, order.Lon) * 1000 <= O.BatchDistanceMeters;
    }

    /// <summary>The work order an alarm opens when it joins none: its id follows from the alarm id.</summary>
    private string OwnOrderId(Alarm alarm) => IncidentIds.For(Township, SourceOf(alarm), alarm.AlarmId);

    private static IncidentSource SourceOf(Alarm alarm) => alarm.Code == FaultCode.POWER_FAILURE ? IncidentSource.FeederOutage : IncidentSource.LampAlarm;

    /// <summary>What the alarm's own work order opens with.</summary>
    private IncidentReport OwnReport(Alarm alarm, LampProfile lamp) => new()
    {
        Township = Township, Source = SourceOf(alarm), SourceId = alarm.AlarmId, Category = LampFaultDesk.CategoryOf(alarm.Code),
        Severity = LampFaultDesk.SeverityOf(alarm.Code), Cell = lamp.Cell, Lat = lamp.Lat, Lon = lamp.Lon, ReportedBy = "system",
        ReportedAt = alarm.RaisedAt, Lamps = [lamp.LampId],
        Text = $"{LampFaultDesk.Describe(alarm.Code)}：{lamp.Name}" +
               (alarm.Code is FaultCode.POWER_FAILURE or FaultCode.COMM_LOSS && lamp.Feeder is { } f ? $"（{FeederNames.Of(Township, f)}）" : ""),
    };
}

[GenerateSerializer, Alias("GridDispatch.Incidents.OpenLampOrder")]
public sealed record OpenLampOrder
{
    [Id(0)] public required string IncidentId { get; init; }
    [Id(1)] public required string Category { get; init; }
    [Id(2)] public required IncidentSeverity Severity { get; init; }
    [Id(3)] public bool SupplyFault { get; init; }
    [Id(4)] public string? Feeder { get; init; }
    [Id(5)] public string? Street { get; init; }
    [Id(6)] public double Lat { get; init; }
    [Id(7)] public double Lon { get; init; }
    [Id(8)] public DateTimeOffset OpenedAt { get; init; }
    /// <summary>Opened by a silent lamp (COMM_LOSS): other lamps falling silent on the same feeder join it.</summary>
    [Id(9)] public bool Silence { get; init; }
}

[GenerateSerializer, Alias("GridDispatch.Incidents.LampWorkOrdersState")]
public sealed class LampWorkOrdersState
{
    [Id(0)] public List<OpenLampOrder> Open { get; set; } = [];
    /// <summary>Alarm id → incident id, so a cleared alarm finds its work order.</summary>
    [Id(1)] public Dictionary<string, string> FiledUnder { get; set; } = [];
}
