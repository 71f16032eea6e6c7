using System.Globalization;
using GridDispatch.Gateway.History;

namespace GridDispatch.Gateway.Reports;

/// <summary>
/// The 红黑榜's stated rule (docs/REPORTS.md, shown on the 报表 page), the same as the live screen's over a period:
/// <list type="bullet">
/// <item>A village's score is the mean of its 按时办结率 (of its incidents reported in the period that were finished or
/// missed a deadline, the share that missed none) and its 亮灯率 over the period; a village with neither is not ranked.</item>
/// <item>A team's (护灯队) score is its 按时办结率 over the incidents it finished, then the number on time; a team that
/// finished none is not ranked.</item>
/// <item>Equal scores share a place (并列). The 红榜 is the top <see cref="ListSize"/> places (all of a tie), at most
/// the better half; the 黑榜 up to <see cref="ListSize"/> from the bottom, each strictly worse than everyone above it
/// and tied with no one; nobody is on both.</item>
/// </list>
/// </summary>
public static class RankingRule
{
    public const int ListSize = 3;
    public const string VillageRule = "村：按时办结率与亮灯率的平均（缺一项按另一项）；无可评者不排名；前三名上红榜（不超过半数），末三名上黑榜，并列不上黑榜";
    public const string TeamRule = "护灯队：按时办结率，再比按时件数；无办结者不排名；前三名上红榜（不超过半数），末三名上黑榜，并列不上黑榜";

    public sealed record Entry(string Key, string Name, double[] Score, string Detail);

    /// <param name="villages">Each village ranked: key, name, its incidents, and its lit totals.</param>
    public static IEnumerable<Entry> Villages(IEnumerable<(string Key, string Name, IReadOnlyList<IncidentRecord> Incidents, LitTotals Lit)> villages)
    {
        foreach (var (key, name, incidents, lit) in villages)
        {
            var judged = incidents.Where(i => IsFinished(i) || i.DeadlinesMissed > 0).ToList();
            var ok = judged.Count(i => i.DeadlinesMissed == 0);
            double? onTime = judged.Count > 0 ? (double)ok / judged.Count : null;
            var parts = new[] { onTime, lit.Rate }.OfType<double>().ToArray();
            if (parts.Length == 0) continue;
            var detail = string.Join(" · ", new[]
            {
                lit.Rate is { } r ? $"亮灯 {(r * 100).ToString("0.0", CultureInfo.InvariantCulture)}%" : null,
                judged.Count > 0 ? $"按时 {ok}/{judged.Count}" : null,
            }.OfType<string>());
            yield return new Entry(key, name, [parts.Average()], detail);
        }
    }

    /// <param name="teams">Each team (id, name) and the incidents it handled (see <see cref="HandledBy"/>).</param>
    public static IEnumerable<Entry> Teams(IEnumerable<(string Id, string Name, IReadOnlyList<IncidentRecord> Handled)> teams)
    {
        foreach (var (id, name, handled) in teams)
        {
            var finished = handled.Where(IsFinished).ToList();
            if (finished.Count == 0) continue;
            var ok = finished.Count(i => i.DeadlinesMissed == 0);
            yield return new Entry(id, name, [(double)ok / finished.Count, ok], $"按时 {ok} · 超时 {finished.Count - ok}");
        }
    }

    /// <summary>Best first; equal scores share a place and are marked tied (listed by name); then the 红榜 and 黑榜.</summary>
    public static IReadOnlyList<RankedEntry> Place(IEnumerable<Entry> entries)
    {
        var chinese = StringComparer.Create(CultureInfo.GetCultureInfo("zh-CN"), false);
        var sorted = entries.OrderBy(e => e.Score, Comparer<double[]>.Create(Compare)).ThenBy(e => e.Name, chinese).ToList();
        var placed = sorted.Select(e => (Entry: e, Place: sorted.FindIndex(o => Compare(o.Score, e.Score) == 0) + 1,
            Tied: sorted.Any(o => !ReferenceEquals(o, e) && Compare(o.Score, e.Score) == 0))).ToList();

        var half = (placed.Count + 1) / 2;
        var red = placed.Where(p => p.Place <= Math.Min(ListSize, half)).Select(p => p.Entry).ToHashSet();
        var black = new HashSet<Entry>();
        for (var i = placed.Count - 1; i >= red.Count && black.Count < ListSize; i--)
        {
            if (placed[i].Tied) break; // a tie is never black-listed, nor anyone above it
            black.Add(placed[i].Entry);
        }

        return [.. placed.Select(p => new RankedEntry(p.Entry.Key, p.Entry.Name, p.Entry.Score, p.Entry.Detail, p.Place, p.Tied,
            red.Contains(p.Entry) ? "red" : black.Contains(p.Entry) ? "black" : null))];
    }

    /// <summary>Higher first; scores within 1e-9 are equal.</summary>
    private static int Compare(double[] a, double[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var d = (i < b.Length ? b[i] : 0) - (i < a.Length ? a[i] : 0);
            if (Math.Abs(d) > 1e-9) return Math.Sign(d);
        }

        return 0;
    }

    public static bool IsFinished(IncidentRecord i) => i.Status is "Resolved" or "Closed";

    /// <summary>Who handled an incident: the responder who resolved it, else the last who took it (报到), else the last offered it.</summary>
    public static string? HandledBy(IncidentRecord i) =>
        (i.Responders.LastOrDefault(r => r.ResolvedAt is not null) ?? i.Responders.LastOrDefault(r => r.AcknowledgedAt is not null)
            ?? i.Responders.LastOrDefault())?.ResponderId;
}
