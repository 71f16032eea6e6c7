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
    private LampWorkOrdersState S => state.State;
    private LampWorkOrderOptions O => options.Value;
    private string Township => this.GetPrimaryKeyString();

    /// <summary>
    /// Idempotent by alarm id: where an alarm goes is saved before the incident is asked (write-ahead), so a
    /// lamp delivering the alarm again after a crash reaches the same incident, whose calls are idempotent too.
    /// </summary>
    public async Task<string?> AlarmRaised(Alarm alarm, LampProfile lamp)
    {
        if (S.FiledUnder.TryGetValue(alarm.AlarmId, out var filed))
        {
            if (await Deliver(filed, alarm, lamp)) return filed;
            await Unfile(alarm, filed); // it went to an order that closed before taking the lamp: file it afresh
        }

        S.Open.RemoveAll(o => clock.Now - o.OpenedAt > ForgetAfter);
        foreach (var order in S.Open.Where(o => Joins(o, alarm, lamp)).ToList())
        {
            await FileUnder(alarm, order.IncidentId);
            if (await Deliver(order.IncidentId, alarm, lamp)) return order.IncidentId;
            await Unfile(alarm, order.IncidentId); // closed meanwhile: no longer takes faults
        }

        var (id, _) = OwnOrder(alarm, lamp);
        var supply = alarm.Code == FaultCode.POWER_FAILURE;
        S.Open.Add(new OpenLampOrder
        {
            IncidentId = id, Category = LampFaultDesk.CategoryOf(alarm.Code), Severity = LampFaultDesk.SeverityOf(alarm.Code),
            SupplyFault = supply, Silence = alarm.Code == FaultCode.COMM_LOSS, Feeder = lamp.Feeder, Street = lamp.Street, Lat = lamp.Lat, Lon = lamp.Lon, OpenedAt = clock.Now,
        });
        await FileUnder(alarm, id);
        if (await Deliver(id, alarm, lamp)) return id;
        await Unfile(alarm, id); // refused (e.g. the lamp's cell was never imported)
        return null;
    }

    /// <summary>The lamp is back: its order hears it first, then the alarm is forgotten, so a crash in between repeats only the idempotent part.</summary>
    public async Task AlarmCleared(Alarm alarm, LampProfile lamp)
    {
        if (!S.FiledUnder.TryGetValue(alarm.AlarmId, out var incidentId)) return;
        await GrainFactory.GetGrain<IIncidentGrain>(incidentId).LampRestored(lamp.LampId);
        crash.Reached("desk.restored");
        S.FiledUnder.Remove(alarm.AlarmId);
        await state.WriteStateAsync();
    }

    /// <summary>Puts the lamp on the incident: opens the alarm's own order, or joins another; true if the incident has it, open.</summary>
    private async Task<bool> Deliver(string incidentId, Alarm alarm, LampProfile lamp)
    {
        var (own, report) = OwnOrder(alarm, lamp);
        var incident = GrainFactory.GetGrain<IIncidentGrain>(incidentId);
        var delivered = incidentId == own ? (await incident.Open(report)).Ok : await incident.AddLamp(lamp.LampId);
        crash.Reached("desk.incident-called");
        return delivered;
    }

    private async Task FileUnder(Alarm alarm, string incidentId)
    {
        S.FiledUnder[alarm.AlarmId] = incidentId;
        await state.WriteStateAsync();
        crash.Reached("desk.filed");
    }

    private async Task Unfile(Alarm alarm, string incidentId)
    {
        S.FiledUnder.Remove(alarm.AlarmId);
        S.Open.RemoveAll(o => o.IncidentId == incidentId);
        await state.WriteStateAsync();
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
    private (string Id, IncidentReport Report) OwnOrder(Alarm alarm, LampProfile lamp)
    {
        var supply = alarm.Code == FaultCode.POWER_FAILURE;
        var source = supply ? IncidentSource.FeederOutage : IncidentSource.LampAlarm;
        return (IncidentIds.For(Township, source, alarm.AlarmId), new IncidentReport
        {
            Township = Township, Source = source, SourceId = alarm.AlarmId, Category = LampFaultDesk.CategoryOf(alarm.Code),
            Severity = LampFaultDesk.SeverityOf(alarm.Code), Cell = lamp.Cell, Lat = lamp.Lat, Lon = lamp.Lon, ReportedBy = "system",
            ReportedAt = alarm.RaisedAt, Lamps = [lamp.LampId],
            Text = $"{LampFaultDesk.Describe(alarm.Code)}：{lamp.Name}" + ((supply || alarm.Code == FaultCode.COMM_LOSS) && lamp.Feeder is { } f ? $"（{FeederNames.Of(Township, f)}）" : ""),
        });
    }
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
