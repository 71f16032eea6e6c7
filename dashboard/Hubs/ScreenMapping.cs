using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Dashboard.Hubs;

/// <summary>Domain records to the hub's wire shapes.</summary>
public static class ScreenMapping
{
    public static LampItem Lamp(LampSnapshot l) => new(
        l.LampId, l.Township, l.Cell, l.Village, l.Lat, l.Lon, l.On, l.Brightness, l.Online,
        [.. l.OpenFaults.Codes.Select(c => c.ToString())], l.EnergyUsedWh, l.BaselineWh, l.Name ?? l.LampId, l.Feeder);

    public static AlarmItem Alarm(Alarm a, string township, string cell) => new(
        a.AlarmId, a.LampId, township, cell, a.Code.ToString(), a.Severity.ToString(), a.RaisedAt, a.AcknowledgedAt, a.ClearedAt,
        a.Suppressed, a.AcknowledgedBy, a.AcknowledgeNote);

    public static LampCommandItem Command(LampCommand c) => new(
        c.CmdId, c.LampId, c.Township, c.Type.ToString(), c.Brightness, c.IssuedBy, c.IssuedAt, c.Attempts, c.Status.ToString());

    public static IncidentItem Incident(IncidentSnapshot s) => new(
        s.Id, s.Report.Township, s.Status.ToString(), s.Report.Severity.ToString(), s.Report.Category, s.Report.Cell, Title(s), s.Level.ToString(),
        s.Timeline.Count(e => e.Kind == TimelineKind.Escalated), s.ResponderId, s.Report.ReportedAt, s.RespondBy, s.ResolveBy,
        s.Timeline.FirstOrDefault(e => e.Kind == TimelineKind.Acknowledged)?.At, s.Timeline.LastOrDefault(e => e.Kind == TimelineKind.Resolved)?.At,
        s.DeadlinesMissed, s.Satisfaction, s.Report.Source.ToString(), s.Report.Lat, s.Report.Lon, s.Number, s.Lamps,
        s.Version, s.Urges, [.. s.CoHandlers.Where(p => p.Active).Select(p => p.ResponderId)], s.MergedInto);

    public static ResponderItem Responder(ResponderCard c) => new(
        c.Id, c.Name, c.Township, c.Status.ToString(), c.Lat, c.Lon, c.Load, c.Capacity, c.Team, c.Department, c.Skills);

    public static ModeItem Mode(ModeSnapshot m) => new(
        m.Township, m.Mode.ToString(), m.Since, m.By, m.Reason, [.. m.Board.Select(c => new CheckInItem(c.Affiliate.Id, c.Affiliate.Name, c.Affiliate.Kind.ToString(), c.At))]);

    public static CellItem Cell(CellDefinition c) => new(c.Key, c.CellId, c.Name, c.Level.ToString(), c.ParentKey, c.LeaderName, c.Households, c.Boundary);

    public static SummaryItem Summary(string cellKey, CellLevel level, CellFigures figures) => new(cellKey, level.ToString(), figures);

    public static WorkOrderItem WorkOrder(WorkOrder w) => new(
        w.IncidentId, w.ResponderId, w.Township, w.Title, w.Category, w.Severity.ToString(), w.Cell, w.Lat, w.Lon, w.OfferedAt, w.AcknowledgeBy, w.ResolveBy, w.Lamps, w.CoHandling);

    /// <summary>A lamp-alarm incident may have no text: the screen still needs a line to show.</summary>
    private static string Title(IncidentSnapshot s) => string.IsNullOrWhiteSpace(s.Report.Text) ? $"{s.Report.Category} · {s.Report.Cell}" : s.Report.Text;

    public static SilenceItem Silence(string township, TownshipSilence s) => new(township, s.Held, s.Lamps, s.Since);
}
