using GridDispatch.Gateway.History;
using GridDispatch.Gateway.Reports;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Tests.Gateway.Reports;

/// <summary>
/// A month of one township (December 2026, Beijing time) as the history would hold it: eight incidents with known
/// outcomes (two late answers, three late solutions, three rated), lamp hours on both edges of the month, and lit
/// figures. The report of it is known number by number (<see cref="ReportConformanceExpectations"/>).
/// </summary>
public static class DecemberScript
{
    /// <summary>1 December 2026, 00:00 in Beijing (30 November 16:00 UTC).</summary>
    public static readonly DateTimeOffset D = new(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>When the report is asked for: the month has ended.</summary>
    public static readonly DateTimeOffset Now = new(2027, 1, 5, 10, 0, 0, TimeSpan.FromHours(8));

    public static readonly ReportPeriod Period = ReportPeriod.Month(2026, 12);
    public static readonly ReportScope Scope = ReportScope.OfTownship("t1");

    public static ReportPlace Place { get; } = new("一镇", [new TownshipInfo
    {
        Id = "t1", Name = "一镇", County = "c1",
        CellTree = [
            CellDefinition.For("t1", "t1", CellLevel.Township, "一镇", null, null),
            CellDefinition.For("t1", "v1", CellLevel.Village, "一村", CellKeys.Cell("t1", "t1"), null),
            CellDefinition.For("t1", "v2", CellLevel.Village, "二村", CellKeys.Cell("t1", "t1"), null),
            CellDefinition.For("t1", "v3", CellLevel.Village, "三村", CellKeys.Cell("t1", "t1"), null),
        ],
    }], [
        new ResponderCard { Id = "team1", Name = "一队", Township = "t1", Team = true, Department = "路灯所" },
        new ResponderCard { Id = "team2", Name = "二队", Township = "t1", Team = true, Department = "路灯所" },
        new ResponderCard { Id = "cadre1", Name = "王干部", Township = "t1", Department = "水务" },
    ]);

    public static IReadOnlyList<IncidentRecord> Incidents { get; } =
    [
        Incident("a1", "v1", "Whistle", "road", "Minor", D, ack: 24, resolved: 48, closed: 72, "Closed", handler: "team1", satisfaction: 5),
        // Answered on day 4 and solved on day 9: late twice, climbed to the township.
        Incident("a2", "v1", "Whistle", "dispute", "Minor", D.AddDays(1), ack: 96, resolved: 216, closed: 240, "Closed", handler: "cadre1",
            satisfaction: 2, missed: 2, escalations: 1, level: "Township"),
        Incident("a3", "v2", "LampAlarm", "lighting", "Minor", D.AddDays(2), ack: 2, resolved: 5, closed: null, "Resolved", handler: "team2", fault: "LAMP_FAILURE"),
        // An emergency solved in 3 hours: inside the week, outside its own 2-hour deadline.
        Incident("a4", "v2", "LampAlarm", "electrical", "Emergency", D.AddDays(4), ack: 1.0 / 6, resolved: 3, closed: 24, "Closed", handler: "team2",
            satisfaction: 4, missed: 1, escalations: 1, level: "Township", fault: "LEAKAGE"),
        // Closed without a score: not called back.
        Incident("a5", "v3", "Hotline", "water", "Major", D.AddDays(9), ack: 12, resolved: 48, closed: 48, "Closed", handler: "cadre1"),
        // Taken, never solved: by 5 January its week is over.
        Incident("a6", "v3", "Whistle", "safety", "Minor", D.AddDays(27), ack: 24, resolved: null, closed: null, "Acknowledged", handler: "team1"),
        Incident("a7", "v1", "Whistle", "other", "Micro", D.AddDays(14), ack: null, resolved: null, closed: null, "Cancelled", handler: null),
        // Offered to team1, never taken: late on both counts, up to the county.
        Incident("a8", "v3", "LampAlarm", "lighting", "Micro", D.AddDays(19), ack: null, resolved: null, closed: null, "Dispatched", handler: "team1",
            missed: 1, escalations: 2, level: "County", fault: "DAY_BURNING"),
        // Outside the month or the township: not counted.
        Incident("x1", "v1", "Whistle", "road", "Minor", D.AddMinutes(-1), ack: 1, resolved: 2, closed: 3, "Closed", handler: "team1", satisfaction: 1),
        Incident("x2", "v1", "Whistle", "road", "Minor", D.AddMonths(1), ack: 1, resolved: 2, closed: 3, "Closed", handler: "team1", satisfaction: 1),
        Incident("x3", "v1", "Whistle", "road", "Minor", D.AddDays(3), ack: 1, resolved: 2, closed: 3, "Closed", handler: null, satisfaction: 1) with { Township = "t2" },
    ];

    /// <summary>L1: the month's first ten hours; L2: its last ten; one hour either side of the month is not counted.</summary>
    public static IReadOnlyList<LampHour> LampHours { get; } =
    [
        .. Enumerable.Range(0, 10).Select(h => new LampHour("L1", "t1", "v1", "g1", D.AddHours(h), 60, 100, 1)),
        .. Enumerable.Range(0, 10).Select(h => new LampHour("L2", "t1", "v2", "g2", D.AddMonths(1).AddHours(h - 10), 30, 100, 1)),
        new LampHour("L1", "t1", "v1", "g1", D.AddHours(-1), 1000, 1000, 1),
        new LampHour("L2", "t1", "v2", "g2", D.AddMonths(1), 1000, 1000, 1),
        new LampHour("L3", "t2", "", "t2", D.AddHours(3), 1000, 1000, 1),
    ];

    /// <summary>
    /// The township: one night hour of two minutes (lit 90 of 90 reporting, 80 of 100: the hour's means 85 of 95), one
    /// of lit 50 of 100, one by day (nothing lit: not counted). Villages: 一村 40 of 50, 二村 45 of 50, 三村 none.
    /// </summary>
    public static IReadOnlyList<FigureSample> Figures { get; } =
    [
        new("t1", "", "c1", D.AddDays(1).AddHours(1), 100, 90, 0, 10, 0),
        new("t1", "", "c1", D.AddDays(1).AddHours(1).AddMinutes(1), 100, 80, 0, 0, 0),
        new("t1", "", "c1", D.AddDays(1).AddHours(2), 100, 50, 0, 0, 0),
        new("t1", "", "c1", D.AddDays(1).AddHours(12), 100, 0, 0, 0, 0),
        new("t1", "v1", "c1", D.AddDays(1).AddHours(1), 50, 40, 0, 0, 0),
        new("t1", "v2", "c1", D.AddDays(1).AddHours(1), 50, 45, 0, 0, 0),
    ];

    public static HistoryBatch Batch => new(Figures, LampHours, Incidents);

    private static IncidentRecord Incident(string id, string village, string source, string category, string severity, DateTimeOffset reported,
        double? ack, double? resolved, double? closed, string status, string? handler, int? satisfaction = null, int missed = 0,
        int escalations = 0, string level = "Village", string? fault = null)
    {
        DateTimeOffset? After(double? hours) => hours is { } h ? reported.AddHours(h) : null;
        var acknowledged = After(ack);
        var resolvedAt = After(resolved);
        return new IncidentRecord
        {
            Id = id, Township = "t1", County = "c1", Village = village, Cell = village, Source = source, Category = category, Severity = severity,
            Status = status, ReportedAt = reported, DispatchedAt = handler is null ? null : reported.AddMinutes(1), AcknowledgedAt = acknowledged,
            ResolvedAt = resolvedAt, ClosedAt = After(closed), CancelledAt = status == "Cancelled" ? reported.AddHours(1) : null,
            Escalations = escalations, Level = level, DeadlinesMissed = missed, Satisfaction = satisfaction, FaultCode = fault,
            Responders = handler is null ? [] : [new ResponderTurn(handler, reported.AddMinutes(1), 1, 0, 0, acknowledged, null, resolvedAt)],
            UpdatedAt = reported.AddDays(12),
        };
    }
}
