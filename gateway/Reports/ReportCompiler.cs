using System.Globalization;
using GridDispatch.Gateway.History;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Gateway.Reports;

/// <summary>
/// Computes a <see cref="PeriodReport"/> from the history store: the scope's incidents of the period, its lamps'
/// totals and lit hours, and the 红黑榜 (<see cref="ReportRankings"/>). Only history rows: no grain is asked for a figure.
/// </summary>
public sealed class ReportCompiler(IHistoryStore store, IncidentPolicy policy, ReportRankings rankings)
{
    /// <summary>五寨's measures: a whistle answered within 3 days and solved within a week.</summary>
    public const int ResponseDays = 3, ResolutionDays = 7;

    public async Task<PeriodReport> CompileAsync(ReportPeriod period, ReportScope scope, ReportPlace place, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var history = Scope(scope, place);
        // The reads are independent: side by side, each on its own connection (SQLite's run on the calling thread, hence Task.Run).
        var reading = Task.Run(() => store.ReadScopedIncidentsAsync(history, period.From, period.To, cancellationToken), cancellationToken);
        var lampsReading = Task.Run(() => store.ReadLampDaysAsync(history, period.From, period.To, cancellationToken), cancellationToken);
        var litReading = Task.Run(() => store.ReadLitTotalsAsync(history, period.From, period.To, cancellationToken), cancellationToken);
        // A village's report shows its township's 红黑榜, which reads the township's incidents; any other reuses these.
        var ranking = scope.Level == ReportLevel.Village
            ? rankings.ForAsync(period, ReportScope.OfTownship(scope.Township!), place, now, null, cancellationToken)
            : rankings.ForAsync(period, scope, place, now, reading, cancellationToken);
        var incidents = await reading;
        var lamps = await lampsReading;
        var lit = await litReading;
        return new PeriodReport
        {
            Period = period, Scope = scope, ScopeName = place.ScopeName, ComputedAt = now,
            HistoryStartedAt = await store.StartedAtAsync(cancellationToken),
            Incidents = Count(incidents, scope, place),
            Deadlines = Deadlines(incidents, now),
            Escalations = [.. incidents.Where(i => i.Escalations > 0).GroupBy(i => i.Level)
                .Select(g => new EscalationRow(g.Key, ReportLabels.Level(g.Key), g.Count(), g.Sum(i => i.Escalations))).OrderBy(r => LevelOrder(r.Level))],
            Satisfaction = Satisfaction(incidents),
            Lamps = Lamps(incidents, lamps, lit, place),
            Ranking = await ranking,
        };
    }

    public static HistoryScope Scope(ReportScope scope, ReportPlace place) => scope.Level switch
    {
        ReportLevel.Village => new HistoryScope([scope.Township!], scope.Id),
        ReportLevel.Township => new HistoryScope([scope.Id]),
        _ => new HistoryScope([.. place.Townships.Select(t => t.Id)]),
    };

    private static IncidentFigures Count(IReadOnlyList<IncidentRecord> incidents, ReportScope scope, ReportPlace place)
    {
        var cards = place.Responders.DistinctBy(r => r.Id).ToDictionary(r => r.Id);
        var handled = incidents.Select(i => (Incident: i, By: RankingRule.HandledBy(i) is { } id ? cards.GetValueOrDefault(id) : null)).ToList();
        return new IncidentFigures(
            incidents.Count,
            incidents.Count(i => i.Status is "Cancelled" or "Merged"),
            incidents.Count(i => i.ResolvedAt is not null),
            incidents.Count(i => i.Status is not ("Resolved" or "Closed" or "Cancelled" or "Merged")),
            Rows(incidents, i => i.Source, ReportLabels.Source),
            Rows(incidents, i => i.Category, ReportLabels.Category),
            Rows(incidents, i => $"{i.Township}/{i.Village}", key => place.VillageName(key[..key.IndexOf('/')], key[(key.IndexOf('/') + 1)..])),
            Rows(handled.Where(h => h.By is { Team: true }).ToList(), h => h.By!.Id, id => cards[id].Name),
            Rows(handled.Where(h => h.By is not null).ToList(), h => h.By!.Department ?? "", d => d.Length == 0 ? "（未属部门）" : d));
    }

    /// <summary>Most first, then by name.</summary>
    private static List<CountRow> Rows<T>(IEnumerable<T> items, Func<T, string> key, Func<string, string> name) =>
        [.. items.GroupBy(key).Select(g => new CountRow(g.Key, name(g.Key), g.Count())).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)];

    /// <summary>
    /// Judged: incidents whose outcome is known now (met, or the time is up). Cancelled and merged ones are not judged.
    /// The per-severity rows give the configured deadlines and how many incidents missed one of theirs.
    /// </summary>
    private DeadlineFigures Deadlines(IReadOnlyList<IncidentRecord> incidents, DateTimeOffset now)
    {
        var live = incidents.Where(i => i.Status is not ("Cancelled" or "Merged")).ToList();
        var response = Rate(live, i => i.AcknowledgedAt, TimeSpan.FromDays(ResponseDays), now);
        var resolution = Rate(live, i => i.ResolvedAt, TimeSpan.FromDays(ResolutionDays), now);
        var severities = Enum.GetValues<IncidentSeverity>().Select(s =>
        {
            var d = policy.For(s);
            var of = live.Where(i => i.Severity == s.ToString()).ToList();
            return new SeverityRow(s.ToString(), ReportLabels.Severity(s.ToString()), d.Respond.TotalHours, d.Resolve.TotalHours, of.Count, of.Count(i => i.DeadlinesMissed > 0));
        });
        return new DeadlineFigures(ResponseDays, ResolutionDays, response, resolution, [.. severities]);
    }

    private static RateFigure Rate(IEnumerable<IncidentRecord> incidents, Func<IncidentRecord, DateTimeOffset?> done, TimeSpan within, DateTimeOffset now)
    {
        int judged = 0, onTime = 0;
        foreach (var i in incidents)
        {
            var by = i.ReportedAt + within;
            if (done(i) is { } at) { judged++; if (at <= by) onTime++; }
            else if (now > by) judged++;
        }

        return new RateFigure(judged, onTime);
    }

    private static SatisfactionFigures Satisfaction(IReadOnlyList<IncidentRecord> incidents)
    {
        var scores = incidents.Where(i => i.Satisfaction is >= 1 and <= 5).Select(i => i.Satisfaction!.Value).ToList();
        var closed = incidents.Count(i => i.ClosedAt is not null);
        return new SatisfactionFigures(closed, scores.Count, scores.Count > 0 ? scores.Average() : null,
            [.. Enumerable.Range(1, 5).Select(s => scores.Count(x => x == s))]);
    }

    private static LampFigures Lamps(IReadOnlyList<IncidentRecord> incidents, IReadOnlyList<LampDay> days, LitTotals lit, ReportPlace place)
    {
        var orders = incidents.Where(i => i.Source is "LampAlarm" or "FeederOutage").ToList();
        var repaired = orders.Where(i => i.ResolvedAt is not null).Select(i => (i.ResolvedAt!.Value - i.ReportedAt).TotalHours).ToList();
        return new LampFigures(lit.Rate, lit.Hours, Rows(orders.Where(i => i.FaultCode is not null), i => i.FaultCode!, ReportLabels.Fault),
            orders.Count, repaired.Count, repaired.Count > 0 ? repaired.Average() : null, days.Sum(d => d.EnergyWh) / 1000, days.Sum(d => d.BaselineWh) / 1000,
            [.. Energy(days, d => $"{d.Township}/{d.Village}", d => place.VillageName(d.Township, d.Village))
                .OrderByDescending(r => r.SavingRate ?? double.MinValue).ThenBy(r => r.Key, StringComparer.Ordinal)],
            [.. Energy(days, d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Day.ToString("M月d日", CultureInfo.InvariantCulture))
                .OrderBy(r => r.Key, StringComparer.Ordinal)]);
    }

    private static IEnumerable<EnergyRow> Energy(IReadOnlyList<LampDay> days, Func<LampDay, string> key, Func<LampDay, string> name) =>
        days.GroupBy(key).Select(g => new EnergyRow(g.Key, name(g.First()), g.Sum(d => d.EnergyWh) / 1000, g.Sum(d => d.BaselineWh) / 1000));

    private static int LevelOrder(string level) => Enum.TryParse<Grains.Grid.CellLevel>(level, out var l) ? -(int)l : 0;
}
