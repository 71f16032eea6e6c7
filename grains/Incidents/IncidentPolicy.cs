using System.ComponentModel.DataAnnotations;
using GridDispatch.Grains.Grid;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// Deadlines per severity and the escalation ladder. Section <c>Incidents</c>. Defaults from the
/// seeds: a whistle is answered within 3 days and solved within a week (五寨); emergencies in minutes.
/// </summary>
public sealed class IncidentPolicy
{
    public const string Section = "Incidents";

    public SeverityDeadlines Micro { get; set; } = new() { Respond = TimeSpan.FromDays(3), Resolve = TimeSpan.FromDays(7) };
    public SeverityDeadlines Minor { get; set; } = new() { Respond = TimeSpan.FromDays(3), Resolve = TimeSpan.FromDays(7) };
    public SeverityDeadlines Major { get; set; } = new() { Respond = TimeSpan.FromDays(1), Resolve = TimeSpan.FromDays(3) };
    public SeverityDeadlines Emergency { get; set; } = new() { Respond = TimeSpan.FromMinutes(5), Resolve = TimeSpan.FromHours(2) };

    /// <summary>How long a responder has to take an offered work order (接单) before it goes to the next.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")] public TimeSpan AcknowledgeTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The same for emergencies.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")] public TimeSpan EmergencyAcknowledgeTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an open incident re-checks its deadlines even if nothing happens (the reminder period).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")] public TimeSpan ReviewEvery { get; set; } = TimeSpan.FromMinutes(1);

    public SeverityDeadlines For(IncidentSeverity severity) => severity switch
    {
        IncidentSeverity.Micro => Micro,
        IncidentSeverity.Minor => Minor,
        IncidentSeverity.Major => Major,
        _ => Emergency,
    };

    public TimeSpan AcknowledgeTimeoutFor(IncidentSeverity severity) =>
        severity == IncidentSeverity.Emergency ? EmergencyAcknowledgeTimeout : AcknowledgeTimeout;

    /// <summary>
    /// 微事不出格、小事不出村、大事不出乡、矛盾不上交: where an incident is first owned.
    /// A micro matter stays in the cell it was reported in; minor in the village; major and emergencies in the township.
    /// </summary>
    public static CellLevel HomeLevel(IncidentSeverity severity, CellLevel reportedAt) => severity switch
    {
        IncidentSeverity.Micro => reportedAt,
        IncidentSeverity.Minor => Higher(reportedAt, CellLevel.Village),
        _ => CellLevel.Township,
    };

    /// <summary>One rung up the ladder cell → village → township → county; the county is the top.</summary>
    public static CellLevel Above(CellLevel level) => level switch
    {
        CellLevel.Neighbourhood or CellLevel.Group => CellLevel.Village,
        CellLevel.Village => CellLevel.Township,
        _ => CellLevel.County,
    };

    private static CellLevel Higher(CellLevel a, CellLevel b) => a < b ? a : b;
}

public sealed class SeverityDeadlines
{
    /// <summary>From reporting (or the last escalation) to a responder's 报到.</summary>
    public TimeSpan Respond { get; set; }

    /// <summary>From reporting (or the last escalation) to resolution.</summary>
    public TimeSpan Resolve { get; set; }
}
