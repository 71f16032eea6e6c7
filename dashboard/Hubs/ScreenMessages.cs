using GridDispatch.Grains.Grid;

namespace GridDispatch.Dashboard.Hubs;

// The wire shapes of the command-centre hub, as docs/DASHBOARD.md gives them. Small, flat, and
// named for the screen; the domain's records stay inside the cluster.

public sealed record ScreenSnapshot(
    string Scope, string Name, IReadOnlyList<TownshipItem> Townships, IReadOnlyList<ModeItem> Mode, IReadOnlyList<SummaryItem> Summary,
    IReadOnlyList<CellItem> Cells, IReadOnlyList<LampItem> Lamps, IReadOnlyList<AlarmItem> Alarms, IReadOnlyList<IncidentItem> Incidents,
    IReadOnlyList<ResponderItem> Responders, DateTimeOffset ServerTime, IReadOnlyList<SilenceItem> Silences);

/// <summary>A mass silence in a township: <paramref name="Held"/> of its <paramref name="Lamps"/> lamps silent at once, their COMM_LOSS held.</summary>
public sealed record SilenceItem(string Township, int Held, int Lamps, DateTimeOffset? Since);

/// <param name="Nights">When its lamps are due to be lit (应亮灯): the night before, around and after the snapshot; empty when unknown (always due).</param>
/// <param name="Departments">Its departments (职能部门) by name: a responder names only its department's id.</param>
public sealed record TownshipItem(
    string Id, string Name, IReadOnlyList<GridDispatch.Grains.Streetlights.Night> Nights, IReadOnlyList<DepartmentItem> Departments);

public sealed record DepartmentItem(string Id, string Name);

/// <param name="Boundary">The cell's outline from the topology, a closed ring of <c>[lon, lat]</c>; null when it has none.</param>
public sealed record CellItem(
    string Key, string Id, string Name, string Level, string? ParentKey, string? Leader, int Households, IReadOnlyList<double[]>? Boundary = null);

public sealed record SummaryItem(string CellKey, string Level, CellFigures Figures);

public sealed record LampItem(
    string Id, string Township, string Cell, string? Village, double Lat, double Lon, bool On, double? Brightness, bool Online,
    IReadOnlyList<string> Faults, double EnergyWh, double BaselineWh, string Name, string? Feeder);

public sealed record AlarmItem(
    string AlarmId, string LampId, string Township, string Cell, string Code, string Severity, DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? ClearedAt, bool Suppressed = false, string? AcknowledgedBy = null, string? AcknowledgeNote = null);

/// <summary>A lamp command (开/关/调光) as sent and then as settled: <c>Pending</c>, <c>Acknowledged</c>, <c>Refused</c>, <c>Superseded</c>, <c>Failed</c>.</summary>
public sealed record LampCommandItem(
    string CmdId, string LampId, string Township, string Type, int? Brightness, string IssuedBy, DateTimeOffset IssuedAt, int Attempts, string Status);

public sealed record IncidentItem(
    string Id, string Township, string Status, string Severity, string Category, string Cell, string Title, string Level, int Escalations,
    string? ResponderId, DateTimeOffset ReportedAt, DateTimeOffset? RespondBy, DateTimeOffset? ResolveBy, DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ResolvedAt, int DeadlinesMissed, int? Satisfaction, string Source, double? Lat, double? Lon, string? Number,
    IReadOnlyList<string> Lamps, int Version = 0, int Urges = 0, IReadOnlyList<string>? CoHandlers = null, string? MergedInto = null);

public sealed record ResponderItem(
    string Id, string Name, string Township, string Status, double? Lat, double? Lon, int Load, int Capacity, bool Team, string? Department,
    IReadOnlyList<string> Skills);

public sealed record ModeItem(string Township, string Mode, DateTimeOffset? Since, string? By, string? Reason, IReadOnlyList<CheckInItem> Board);

public sealed record CheckInItem(string Id, string Name, string Kind, DateTimeOffset? At);

public sealed record EscalationItem(string IncidentId, string Level, string? CellKey);

public sealed record WorkOrderItem(
    string IncidentId, string ResponderId, string Township, string Title, string Category, string Severity, string Cell, double? Lat, double? Lon,
    DateTimeOffset OfferedAt, DateTimeOffset AcknowledgeBy, DateTimeOffset? ResolveBy, IReadOnlyList<string> Lamps, bool CoHandling = false);

/// <summary>督办: a notice for the urged responder's handheld.</summary>
public sealed record UrgedItem(string IncidentId, string ResponderId, string By, string? Note, int Count, DateTimeOffset At);

public sealed record WithdrawnItem(string IncidentId, string ResponderId, string Reason);

/// <param name="CallOut">The emergency call to 报到 this responder is under now, if any (reportCalled brings a new one live).</param>
public sealed record WorkSnapshot(
    ResponderItem Responder, IReadOnlyList<WorkOrderItem> WorkOrders, IReadOnlyList<IncidentItem> Incidents, DateTimeOffset ServerTime, CallOutItem? CallOut = null);

/// <summary>报到 called: the township in emergency mode, why, since when, and when this person reported (null: not yet).</summary>
public sealed record CallOutItem(string Township, string? Reason, DateTimeOffset Since, DateTimeOffset? CheckedInAt);
