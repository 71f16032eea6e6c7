namespace GridDispatch.Gateway.History;

/// <summary>Where a responder was at one moment (赶往现场), as their handheld reported it: the map's trail and playback.</summary>
public sealed record ResponderPosition(string Responder, string Township, DateTimeOffset At, double Lat, double Lon, string Status);

/// <summary>One lamp alarm (告警) from raising to clearing, one row, replaced as it moves on: what playback shows of alarms.</summary>
public sealed record AlarmRecord(
    string AlarmId, string Township, string Lamp, string Cell, string Code, string Severity, DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt = null, string? AcknowledgedBy = null, DateTimeOffset? ClearedAt = null);

/// <summary>
/// One step of an incident's timeline (<paramref name="Seq"/>: its place in the timeline) with the incident as it stood
/// after it: playback replays an incident's pin from these.
/// </summary>
public sealed record IncidentStep(
    string IncidentId, int Seq, string Township, DateTimeOffset At, string Kind, string Status, string Severity, string Category,
    string Cell, double? Lat, double? Lon, string? ResponderId);
