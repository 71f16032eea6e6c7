using GridDispatch.Grains.Common;
using GridDispatch.Grains.Dispatch;
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

    public async Task<string?> AlarmRaised(Alarm alarm, LampProfile lamp)
    {
        if (S.FiledUnder.TryGetValue(alarm.AlarmId, out var filed)) return filed;
        S.Open.RemoveAll(o => clock.Now - o.OpenedAt > ForgetAfter);

        foreach (var order in S.Open.Where(o => Joins(o, alarm, lamp)).ToList())
        {
            if (await GrainFactory.GetGrain<IIncidentGrain>(order.IncidentId).AddLamp(lamp.LampId)) return await Filed(alarm, order.IncidentId);
            S.Open.Remove(order); // closed meanwhile: no longer takes faults
        }

        var opened = await Open(alarm, lamp);
        return opened is null ? null : await Filed(alarm, opened);
    }

    public async Task AlarmCleared(Alarm alarm, LampProfile lamp)
    {
        if (!S.FiledUnder.Remove(alarm.AlarmId, out var incidentId)) return;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IIncidentGrain>(incidentId).LampRestored(lamp.LampId);
    }

    /// <summary>A supply fault joins an open supply order on its feeder; any fault joins a like order nearby on its street.</summary>
    private bool Joins(OpenLampOrder order, Alarm alarm, LampProfile lamp)
    {
        if (LampFaultDesk.SeverityOf(alarm.Code) > order.Severity || LampFaultDesk.CategoryOf(alarm.Code) != order.Category) return false;
        if (alarm.Code == FaultCode.POWER_FAILURE && order.SupplyFault && lamp.Feeder is not null && lamp.Feeder == order.Feeder)
            return clock.Now - order.OpenedAt <= O.FeederWindow;
        return lamp.Street is not null && lamp.Street == order.Street
            && GeoDistance.Km(lamp.Lat, lamp.Lon, order.Lat, order.Lon) * 1000 <= O.BatchDistanceMeters;
    }

    private async Task<string?> Open(Alarm alarm, LampProfile lamp)
    {
        var supply = alarm.Code == FaultCode.POWER_FAILURE;
        var source = supply ? IncidentSource.FeederOutage : IncidentSource.LampAlarm;
        var id = IncidentIds.For(Township, source, alarm.AlarmId);
        var result = await GrainFactory.GetGrain<IIncidentGrain>(id).Open(new IncidentReport
        {
            Township = Township, Source = source, SourceId = alarm.AlarmId, Category = LampFaultDesk.CategoryOf(alarm.Code),
            Severity = LampFaultDesk.SeverityOf(alarm.Code), Cell = lamp.Cell, Lat = lamp.Lat, Lon = lamp.Lon, ReportedBy = "system",
            ReportedAt = alarm.RaisedAt, Lamps = [lamp.LampId],
            Text = $"{LampFaultDesk.Describe(alarm.Code)}：{lamp.Street ?? lamp.Cell} {lamp.LampId}" + (supply && lamp.Feeder is { } f ? $"（馈线 {f}）" : ""),
        });
        crash.Reached("desk.incident-called");
        if (!result.Ok) return null;
        S.Open.Add(new OpenLampOrder
        {
            IncidentId = id, Category = LampFaultDesk.CategoryOf(alarm.Code), Severity = LampFaultDesk.SeverityOf(alarm.Code),
            SupplyFault = supply, Feeder = lamp.Feeder, Street = lamp.Street, Lat = lamp.Lat, Lon = lamp.Lon, OpenedAt = clock.Now,
        });
        return id;
    }

    private async Task<string> Filed(Alarm alarm, string incidentId)
    {
        S.FiledUnder[alarm.AlarmId] = incidentId;
        await state.WriteStateAsync();
        return incidentId;
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
}

[GenerateSerializer, Alias("GridDispatch.Incidents.LampWorkOrdersState")]
public sealed class LampWorkOrdersState
{
    [Id(0)] public List<OpenLampOrder> Open { get; set; } = [];
    /// <summary>Alarm id → incident id, so a cleared alarm finds its work order.</summary>
    [Id(1)] public Dictionary<string, string> FiledUnder { get; set; } = [];
}
