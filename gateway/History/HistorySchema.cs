namespace GridDispatch.Gateway.History;

/// <summary>
/// The history's tables, in SQL that SQLite and PostgreSQL both read the same way: times are Unix milliseconds
/// (BIGINT), so periods compare as integers and index well; upserts are <c>ON CONFLICT … DO UPDATE</c>.
/// Reports by period and scope read them through the (scope, time) indexes.
/// </summary>
public static class HistorySchema
{
    public const int Version = 1;

    public static readonly IReadOnlyList<string> Statements =
    [
        "CREATE TABLE IF NOT EXISTS history_meta (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",

        // Per minute: a township's row has village ''. County '' when the township names none.
        """
        CREATE TABLE IF NOT EXISTS figure_minutes (
          township TEXT NOT NULL, village TEXT NOT NULL, county TEXT NOT NULL, at BIGINT NOT NULL,
          lamps_total BIGINT NOT NULL, lit BIGINT NOT NULL, faulty BIGINT NOT NULL, offline BIGINT NOT NULL, open_incidents BIGINT NOT NULL,
          PRIMARY KEY (township, village, at))
        """,
        "CREATE INDEX IF NOT EXISTS figure_minutes_at ON figure_minutes (at)",
        "CREATE INDEX IF NOT EXISTS figure_minutes_county ON figure_minutes (county, at)",

        // Per hour: the means of the hour's minutes, rolled up by the retention job as each hour ends.
        """
        CREATE TABLE IF NOT EXISTS figure_hours (
          township TEXT NOT NULL, village TEXT NOT NULL, county TEXT NOT NULL, at BIGINT NOT NULL,
          lamps_total DOUBLE PRECISION NOT NULL, lit DOUBLE PRECISION NOT NULL, faulty DOUBLE PRECISION NOT NULL,
          offline DOUBLE PRECISION NOT NULL, open_incidents DOUBLE PRECISION NOT NULL, samples BIGINT NOT NULL,
          PRIMARY KEY (township, village, at))
        """,
        "CREATE INDEX IF NOT EXISTS figure_hours_at ON figure_hours (at)",
        "CREATE INDEX IF NOT EXISTS figure_hours_county ON figure_hours (county, at)",

        """
        CREATE TABLE IF NOT EXISTS lamp_hours (
          lamp TEXT NOT NULL, hour BIGINT NOT NULL, township TEXT NOT NULL, village TEXT NOT NULL, cell TEXT NOT NULL,
          energy_wh DOUBLE PRECISION NOT NULL, baseline_wh DOUBLE PRECISION NOT NULL, burn_hours DOUBLE PRECISION NOT NULL,
          PRIMARY KEY (lamp, hour))
        """,
        "CREATE INDEX IF NOT EXISTS lamp_hours_township ON lamp_hours (township, hour)",
        "CREATE INDEX IF NOT EXISTS lamp_hours_hour ON lamp_hours (hour)",

        """
        CREATE TABLE IF NOT EXISTS incidents (
          id TEXT PRIMARY KEY, township TEXT NOT NULL, county TEXT NOT NULL, village TEXT NOT NULL, cell TEXT NOT NULL,
          number TEXT, source TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL, status TEXT NOT NULL,
          reported_at BIGINT NOT NULL, dispatched_at BIGINT, acknowledged_at BIGINT, on_site_at BIGINT,
          resolved_at BIGINT, closed_at BIGINT, cancelled_at BIGINT, respond_by BIGINT, resolve_by BIGINT,
          escalations BIGINT NOT NULL, level TEXT NOT NULL, deadlines_missed BIGINT NOT NULL, satisfaction BIGINT,
          updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS incidents_township ON incidents (township, reported_at)",
        "CREATE INDEX IF NOT EXISTS incidents_village ON incidents (township, village, reported_at)",
        "CREATE INDEX IF NOT EXISTS incidents_county ON incidents (county, reported_at)",
        "CREATE INDEX IF NOT EXISTS incidents_reported ON incidents (reported_at)",

        """
        CREATE TABLE IF NOT EXISTS incident_responders (
          incident_id TEXT NOT NULL, responder_id TEXT NOT NULL, township TEXT NOT NULL, offered_at BIGINT NOT NULL,
          offers BIGINT NOT NULL, declined BIGINT NOT NULL, timed_out BIGINT NOT NULL,
          acknowledged_at BIGINT, arrived_at BIGINT, resolved_at BIGINT,
          PRIMARY KEY (incident_id, responder_id))
        """,
        "CREATE INDEX IF NOT EXISTS incident_responders_responder ON incident_responders (responder_id, offered_at)",
        "CREATE INDEX IF NOT EXISTS incident_responders_township ON incident_responders (township, offered_at)",

        // The audit log (操作日志): append-only, no statement of ours updates or deletes it, retention included.
        """
        CREATE TABLE IF NOT EXISTS audit (
          id TEXT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, actor_name TEXT, township TEXT NOT NULL,
          kind TEXT NOT NULL, subject TEXT, reason TEXT, detail TEXT)
        """,
        "CREATE INDEX IF NOT EXISTS audit_township ON audit (township, at)",
        "CREATE INDEX IF NOT EXISTS audit_at ON audit (at)",

        // The map's trails and playback: where responders were, which alarms stood, how incidents moved.
        """
        CREATE TABLE IF NOT EXISTS responder_positions (
          responder TEXT NOT NULL, at BIGINT NOT NULL, township TEXT NOT NULL,
          lat DOUBLE PRECISION NOT NULL, lon DOUBLE PRECISION NOT NULL, status TEXT NOT NULL,
          PRIMARY KEY (responder, at))
        """,
        "CREATE INDEX IF NOT EXISTS responder_positions_township ON responder_positions (township, at)",
        "CREATE INDEX IF NOT EXISTS responder_positions_at ON responder_positions (at)",

        """
        CREATE TABLE IF NOT EXISTS alarms (
          alarm_id TEXT PRIMARY KEY, township TEXT NOT NULL, lamp TEXT NOT NULL, cell TEXT NOT NULL, code TEXT NOT NULL,
          severity TEXT NOT NULL, raised_at BIGINT NOT NULL, acknowledged_at BIGINT, acknowledged_by TEXT, cleared_at BIGINT)
        """,
        "CREATE INDEX IF NOT EXISTS alarms_township ON alarms (township, raised_at)",

        """
        CREATE TABLE IF NOT EXISTS incident_steps (
          incident_id TEXT NOT NULL, seq BIGINT NOT NULL, township TEXT NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL,
          status TEXT NOT NULL, severity TEXT NOT NULL, category TEXT NOT NULL, cell TEXT NOT NULL,
          lat DOUBLE PRECISION, lon DOUBLE PRECISION, responder TEXT,
          PRIMARY KEY (incident_id, seq))
        """,
        "CREATE INDEX IF NOT EXISTS incident_steps_township ON incident_steps (township, at)",
        "CREATE INDEX IF NOT EXISTS incident_steps_at ON incident_steps (at)",
    ];

    /// <summary>Names in <c>history_meta</c>.</summary>
    public const string StartedAt = "started_at", RolledUpTo = "rolled_up_to", SchemaVersion = "schema_version";
}
