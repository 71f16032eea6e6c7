namespace GridDispatch.Gateway.Http;

/// <summary>One point of a responder's trail.</summary>
public sealed record TrailPoint(double Lon, double Lat, DateTimeOffset At, string Status);

/// <summary>A responder's positions over a period, oldest first.</summary>
public sealed record ResponderTrail(string ResponderId, IReadOnlyList<TrailPoint> Points);

/// <summary>An alarm that stood at some moment of the window, with every step it took.</summary>
public sealed record PlaybackAlarm(
    string AlarmId, string LampId, string Cell, string Code, string Severity, DateTimeOffset RaisedAt, DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy, DateTimeOffset? ClearedAt);

/// <summary>An incident step: <c>Status</c> is the incident's status after it; <c>Seq</c> its place in the incident's timeline.</summary>
public sealed record PlaybackStep(
    string IncidentId, int Seq, DateTimeOffset At, string Kind, string Status, string Severity, string Category, string Cell, double? Lat, double? Lon,
    string? ResponderId);

/// <summary>
/// <c>GET /api/townships/{id}/playback</c>: an hour (at most) of the township from the history store. Each list also holds
/// what stood when the window opened, so the map can start from that picture: alarms raised earlier and not yet cleared,
/// each still-open incident's last step before the window, each responder's last position before it (up to an hour earlier).
/// </summary>
public sealed record PlaybackReply(
    string Township, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<PlaybackAlarm> Alarms, IReadOnlyList<PlaybackStep> Incidents,
    IReadOnlyList<ResponderTrail> Responders);
