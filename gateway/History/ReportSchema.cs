namespace GridDispatch.Gateway.History;

/// <summary>
/// The tables reports add to the history (kept apart from <see cref="HistorySchema"/>): lamp energy per village
/// and Beijing day (today's so far), rolled up from the lamp hours so a year's report does not read every lamp's hours; the fault
/// code of each lamp work order; and the 红黑榜 as published when its period ended, never rewritten.
/// </summary>
public static class ReportSchema
{
    public static readonly IReadOnlyList<string> Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS lamp_days (
          township TEXT NOT NULL, village TEXT NOT NULL, day BIGINT NOT NULL, lamps BIGINT NOT NULL,
          energy_wh DOUBLE PRECISION NOT NULL, baseline_wh DOUBLE PRECISION NOT NULL, burn_hours DOUBLE PRECISION NOT NULL,
          PRIMARY KEY (township, village, day))
        """,
        "CREATE TABLE IF NOT EXISTS incident_faults (incident_id TEXT PRIMARY KEY, code TEXT NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS report_rankings (
          period TEXT NOT NULL, scope TEXT NOT NULL, published_at BIGINT NOT NULL, body TEXT NOT NULL,
          PRIMARY KEY (period, scope))
        """,
    ];

    /// <summary>Name in <c>history_meta</c>: lamp hours before this (Unix ms, a whole hour) are summed in <c>lamp_days</c>.</summary>
    public const string LampDaysTo = "lamp_days_to";

    /// <summary>Reports count days and months in Beijing time (UTC+8, no daylight saving).</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);
}
