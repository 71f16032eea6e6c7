using System.Globalization;

namespace GridDispatch.Gateway.Reports;

/// <summary>One line of an export: its section (分类), item (项目) and value (数值: a number, or text).</summary>
public sealed record ReportLine(string Section, string Item, object Value);

/// <summary>A report flattened into lines, the same for the CSV and the .xlsx; rates in percent, one decimal.</summary>
public static class ReportLines
{
    public const string SectionHeader = "分类", ItemHeader = "项目", ValueHeader = "数值";

    public static IEnumerable<ReportLine> Of(PeriodReport r)
    {
        yield return new("概况", "报表期间", r.Period.Name);
        yield return new("概况", "范围", r.ScopeName);
        yield return new("概况", "历史数据起", Beijing(r.HistoryStartedAt));
        if (r.BeforeHistory) yield return new("概况", "说明", NoBackfill(r));
        yield return new("概况", "事件总数", r.Incidents.Total);
        yield return new("概况", "已办结", r.Incidents.Resolved);
        yield return new("概况", "在办", r.Incidents.Open);
        yield return new("概况", "撤销或并案", r.Incidents.Cancelled);
        foreach (var (section, rows) in new[] { ("来源", r.Incidents.BySource), ("类别", r.Incidents.ByCategory), ("村", r.Incidents.ByVillage),
                     ("护灯队", r.Incidents.ByTeam), ("部门", r.Incidents.ByDepartment), ("故障类型", r.Lamps.FaultsByCode) })
            foreach (var row in rows) yield return new(section, row.Name, row.Count);

        var d = r.Deadlines;
        yield return new("时限", $"{d.ResponseDays}天内报到·评定件数", d.Response.Judged);
        yield return new("时限", $"{d.ResponseDays}天内报到·按时", d.Response.OnTime);
        yield return new("时限", $"{d.ResponseDays}天内报到·按时率(%)", Percent(d.Response.Rate));
        yield return new("时限", $"{d.ResolutionDays}天内办结·评定件数", d.Resolution.Judged);
        yield return new("时限", $"{d.ResolutionDays}天内办结·按时", d.Resolution.OnTime);
        yield return new("时限", $"{d.ResolutionDays}天内办结·按时率(%)", Percent(d.Resolution.Rate));
        foreach (var s in d.BySeverity)
        {
            yield return new("各级时限", $"{s.Name}·报到时限(小时)", s.RespondHours);
            yield return new("各级时限", $"{s.Name}·办结时限(小时)", s.ResolveHours);
            yield return new("各级时限", $"{s.Name}·件数", s.Incidents);
            yield return new("各级时限", $"{s.Name}·超时件数", s.MissedDeadline);
        }

        foreach (var e in r.Escalations)
        {
            yield return new("升级", $"升至{e.Name}·件数", e.Incidents);
            yield return new("升级", $"升至{e.Name}·升级次数", e.Steps);
        }

        var sat = r.Satisfaction;
        yield return new("满意度", "销号件数", sat.Closed);
        yield return new("满意度", "回访评分件数", sat.Rated);
        yield return new("满意度", "回访率(%)", Percent(sat.CallBackCoverage));
        yield return new("满意度", "平均满意度", Round(sat.Average, 2));
        for (var score = 1; score <= 5; score++) yield return new("满意度", $"{score}分", sat.Distribution[score - 1]);

        var l = r.Lamps;
        yield return new("路灯", "亮灯率(%)", Percent(l.LitRate));
        yield return new("路灯", "故障工单", l.WorkOrders);
        yield return new("路灯", "已修复", l.WorkOrdersResolved);
        yield return new("路灯", "平均修复时长(小时)", Round(l.MttrHours, 1));
        yield return new("路灯", "用电量(kWh)", Math.Round(l.EnergyKwh, 1));
        yield return new("路灯", "全功率基线(kWh)", Math.Round(l.BaselineKwh, 1));
        yield return new("路灯", "节电量(kWh)", Math.Round(l.SavingKwh, 1));
        yield return new("路灯", "节电率(%)", Percent(l.SavingRate));
        foreach (var v in l.ByVillage) yield return new("节电·村", $"{v.Name} 用电 {Math.Round(v.EnergyKwh, 1)} / 基线 {Math.Round(v.BaselineKwh, 1)} kWh，节电率(%)", Percent(v.SavingRate));

        foreach (var (section, entries) in new[] { ("红黑榜·村", r.Ranking.Villages), ("红黑榜·护灯队", r.Ranking.Teams) })
            foreach (var e in entries)
                yield return new(section, $"第{e.Place}名{(e.Tied ? "（并列）" : "")} {e.Name}{(e.List == "red" ? "（红榜）" : e.List == "black" ? "（黑榜）" : "")}", e.Detail);
    }

    /// <summary>The page's and exports' words for a period that began before the history.</summary>
    public static string NoBackfill(PeriodReport r) => $"历史数据自 {Beijing(r.HistoryStartedAt)} 起记录，此前无数据";

    private static string Beijing(DateTimeOffset at) => at.ToOffset(History.ReportSchema.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A missing rate (nothing to judge) is text, so it is never read as 0.</summary>
    private static object Percent(double? rate) => rate is { } x ? Math.Round(x * 100, 1) : "—";

    private static object Round(double? value, int digits) => value is { } x ? Math.Round(x, digits) : "—";
}
