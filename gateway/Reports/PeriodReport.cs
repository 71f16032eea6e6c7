namespace GridDispatch.Gateway.Reports;

/// <summary>
/// 成绩单: one period's figures for one scope, computed from the history store (docs/REPORTS.md). Counts are of the
/// incidents reported in the period; their outcomes are as known at <see cref="ComputedAt"/>.
/// </summary>
public sealed record PeriodReport
{
    public required ReportPeriod Period { get; init; }
    public required ReportScope Scope { get; init; }
    public required string ScopeName { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }

    /// <summary>When the history began: nothing before it was recorded (no backfill).</summary>
    public required DateTimeOffset HistoryStartedAt { get; init; }

    /// <summary>The period starts before the history: its figures cover only the part since <see cref="HistoryStartedAt"/>.</summary>
    public bool BeforeHistory => Period.From < HistoryStartedAt;

    /// <summary>The period has not ended yet: figures still move, and the 红黑榜 is not frozen.</summary>
    public bool Running => Period.To > ComputedAt;

    public required IncidentFigures Incidents { get; init; }
    public required DeadlineFigures Deadlines { get; init; }
    public required IReadOnlyList<EscalationRow> Escalations { get; init; }
    public required SatisfactionFigures Satisfaction { get; init; }
    public required LampFigures Lamps { get; init; }
    public required RankingReport Ranking { get; init; }
}

/// <summary>A count under a name (a source, a category, a village …), with its key where it has one.</summary>
public sealed record CountRow(string Key, string Name, int Count);

public sealed record IncidentFigures(
    int Total, int Cancelled, int Resolved, int Open,
    IReadOnlyList<CountRow> BySource, IReadOnlyList<CountRow> ByCategory, IReadOnlyList<CountRow> ByVillage,
    IReadOnlyList<CountRow> ByTeam, IReadOnlyList<CountRow> ByDepartment);

/// <summary>A rate: of <see cref="Judged"/> incidents whose outcome is known, <see cref="OnTime"/> made it.</summary>
public sealed record RateFigure(int Judged, int OnTime)
{
    public int Late => Judged - OnTime;

    public double? Rate => Judged > 0 ? (double)OnTime / Judged : null;
}

/// <param name="Response">报到 within <see cref="ResponseDays"/> days of the report.</param>
/// <param name="Resolution">Resolved within <see cref="ResolutionDays"/> days of the report.</param>
/// <param name="BySeverity">The deadlines configured per severity (Incidents section), and how many incidents missed one.</param>
public sealed record DeadlineFigures(int ResponseDays, int ResolutionDays, RateFigure Response, RateFigure Resolution, IReadOnlyList<SeverityRow> BySeverity);

public sealed record SeverityRow(string Severity, string Name, double RespondHours, double ResolveHours, int Incidents, int MissedDeadline);

/// <summary>Incidents that climbed (升级), by the level that owns them now, and the steps climbed.</summary>
public sealed record EscalationRow(string Level, string Name, int Incidents, int Steps);

/// <param name="Closed">Closed (销号) incidents: each should have had a 回访.</param>
/// <param name="Rated">Of them, those with a 满意度 from the 回访.</param>
/// <param name="Distribution">Counts of scores 1 to 5.</param>
public sealed record SatisfactionFigures(int Closed, int Rated, double? Average, IReadOnlyList<int> Distribution)
{
    /// <summary>回访率: rated of closed.</summary>
    public double? CallBackCoverage => Closed > 0 ? (double)Rated / Closed : null;
}

/// <param name="LitRate">亮灯率: lamps lit of lamps reporting, over the hours in which any lamp was lit (night).</param>
/// <param name="FaultsByCode">Lamp work orders by the fault they were opened for.</param>
/// <param name="MttrHours">Mean hours from a lamp work order's report to its resolution, of those resolved.</param>
/// <param name="BaselineKwh">Full rated power over the hours the lamps were scheduled to burn (docs/LIGHTING.md, Energy).</param>
/// <param name="ByVillage">Energy and saving per village, most saved (by rate) first.</param>
/// <param name="ByDay">Energy per Beijing day of the period, oldest first (days without a lamp row are left out).</param>
public sealed record LampFigures(
    double? LitRate, int LitHours, IReadOnlyList<CountRow> FaultsByCode, int WorkOrders, int WorkOrdersResolved, double? MttrHours,
    double EnergyKwh, double BaselineKwh, IReadOnlyList<EnergyRow> ByVillage, IReadOnlyList<EnergyRow> ByDay)
{
    /// <summary>节电: what the full-power baseline would have used, less what was used.</summary>
    public double SavingKwh => BaselineKwh - EnergyKwh;

    public double? SavingRate => BaselineKwh > 0 ? SavingKwh / BaselineKwh : null;
}

/// <summary>
/// Energy of a part of a report's lamps: a village (<see cref="Key"/> <c>township/village</c>) or a day (<c>2026-11-02</c>),
/// against the full-power baseline of their scheduled hours.
/// </summary>
public sealed record EnergyRow(string Key, string Name, double EnergyKwh, double BaselineKwh)
{
    public double SavingKwh => BaselineKwh - EnergyKwh;

    public double? SavingRate => BaselineKwh > 0 ? SavingKwh / BaselineKwh : null;
}
