using GridDispatch.Grains.Events;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>The measurements of docs/INTERFACES.md (<c>lamp</c>, <c>alarm</c>, <c>incident</c>, <c>kpi</c>), made from what the platform knows.</summary>
public static class TimeSeriesPoints
{
    public static TimeSeriesPoint Lamp(LampTelemetry t, KeyValuePair<string, string>[] tags)
    {
        var fields = new List<KeyValuePair<string, object>>(8);
        Add(fields, "on", t.On);
        Add(fields, "brightness", t.Brightness);
        Add(fields, "voltage", t.Voltage);
        Add(fields, "current", t.Current);
        Add(fields, "power", t.Power);
        Add(fields, "energyWh", t.EnergyWh);
        Add(fields, "battery", t.Battery);
        Add(fields, "lux", t.Lux);
        if (fields.Count == 0) fields.Add(new("reported", true)); // a bare heartbeat still shows the lamp spoke
        return new TimeSeriesPoint("lamp", tags, fields, t.Timestamp);
    }

    /// <summary>Points for the events that belong in the time series; none for the rest.</summary>
    public static TimeSeriesPoint? From(DomainEvent e) => e switch
    {
        AlarmRaised a => Alarm(a.Alarm, a.Township, a.Cell, "raised", a.At),
        AlarmAcknowledged a => Alarm(a.Alarm, a.Township, a.Cell, "acknowledged", a.At),
        AlarmCleared a => Alarm(a.Alarm, a.Township, a.Cell, "cleared", a.At),
        IncidentChanged i => new("incident",
            [new("township", i.Township), new("severity", i.Incident.Report.Severity.ToString()), new("category", i.Incident.Report.Category),
             new("status", i.Incident.Status.ToString()), new("source", i.Incident.Report.Source.ToString())],
            [new("id", i.Incident.Id), new("level", (int)i.Incident.Level), new("deadlinesMissed", i.Incident.DeadlinesMissed),
             .. i.Incident.Satisfaction is { } s ? [new KeyValuePair<string, object>("satisfaction", s)] : Array.Empty<KeyValuePair<string, object>>()], i.At),
        SummaryChanged s => new("kpi",
            [new("township", s.Township), new("cell", s.CellKey), new("level", s.Level.ToString())],
            [new("lampsTotal", s.Figures.LampsTotal), new("lampsLit", s.Figures.LampsLit), new("lampsFaulty", s.Figures.LampsFaulty),
             new("lampsOffline", s.Figures.LampsOffline), new("openIncidents", s.Figures.OpenIncidents),
             new("respondersAvailable", s.Figures.RespondersAvailable), new("deadlinesMissed", s.Figures.DeadlinesMissed)], s.At),
        _ => null,
    };

    private static TimeSeriesPoint Alarm(Alarm alarm, string township, string cell, string transition, DateTimeOffset at) => new("alarm",
        [new("township", township), new("cell", cell), new("lamp", alarm.LampId), new("code", alarm.Code.ToString()),
         new("severity", alarm.Severity.ToString()), new("transition", transition)],
        [new("alarmId", alarm.AlarmId), new("count", 1)], at);

    private static void Add(List<KeyValuePair<string, object>> fields, string name, double? value)
    {
        if (value is { } v) fields.Add(new(name, v));
    }

    private static void Add(List<KeyValuePair<string, object>> fields, string name, bool? value)
    {
        if (value is { } v) fields.Add(new(name, v));
    }
}
