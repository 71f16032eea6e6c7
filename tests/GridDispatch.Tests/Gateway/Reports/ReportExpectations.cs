using GridDispatch.Gateway.Reports;

namespace GridDispatch.Tests.Gateway.Reports;

/// <summary>The report of <see cref="DecemberScript"/>, worked out by hand from the script.</summary>
public static class ReportExpectations
{
    public static void AssertDecember(PeriodReport r)
    {
        Assert.Equal("2026年12月", r.Period.Name);
        Assert.False(r.BeforeHistory);
        Assert.False(r.Running);

        var i = r.Incidents;
        Assert.Equal((8, 1, 5, 2), (i.Total, i.Cancelled, i.Resolved, i.Open));
        Assert.Equal([("Whistle", "吹哨", 4), ("LampAlarm", "路灯告警", 3), ("Hotline", "12345热线", 1)], Rows(i.BySource));
        Assert.Equal([("lighting", 2), ("dispute", 1), ("electrical", 1), ("other", 1), ("road", 1), ("safety", 1), ("water", 1)],
            i.ByCategory.Select(c => (c.Key, c.Count)));
        Assert.Equal([("t1/v1", "一村", 3), ("t1/v3", "三村", 3), ("t1/v2", "二村", 2)], Rows(i.ByVillage));
        Assert.Equal([("team1", "一队", 3), ("team2", "二队", 2)], Rows(i.ByTeam));
        Assert.Equal([("路灯所", 5), ("水务", 2)], i.ByDepartment.Select(d => (d.Name, d.Count)));

        var d = r.Deadlines;
        Assert.Equal((3, 7), (d.ResponseDays, d.ResolutionDays));
        Assert.Equal(new RateFigure(7, 5), d.Response); // a2 answered on day 4; a8 never
        Assert.Equal(new RateFigure(7, 4), d.Resolution); // a2 on day 9; a6 and a8 past their week
        Assert.Equal(5.0 / 7, d.Response.Rate!.Value, 9);
        Assert.Equal([("Micro", 72d, 168d, 1, 1), ("Minor", 72d, 168d, 4, 1), ("Major", 24d, 72d, 1, 0), ("Emergency", 5d / 60, 2d, 1, 1)],
            d.BySeverity.Select(s => (s.Severity, s.RespondHours, s.ResolveHours, s.Incidents, s.MissedDeadline)));

        Assert.Equal([new EscalationRow("Township", "乡镇", 2, 2), new EscalationRow("County", "县", 1, 2)], r.Escalations);

        var s = r.Satisfaction;
        Assert.Equal((4, 3), (s.Closed, s.Rated));
        Assert.Equal(11.0 / 3, s.Average!.Value, 9);
        Assert.Equal([0, 1, 0, 1, 1], s.Distribution);
        Assert.Equal(0.75, s.CallBackCoverage!.Value);

        var l = r.Lamps;
        Assert.Equal(135.0 / 195, l.LitRate!.Value, 9);
        Assert.Equal(2, l.LitHours);
        Assert.Equal([("DAY_BURNING", "白天亮灯", 1), ("LAMP_FAILURE", "灯具故障", 1), ("LEAKAGE", "漏电", 1)], Rows(l.FaultsByCode));
        Assert.Equal((3, 2), (l.WorkOrders, l.WorkOrdersResolved));
        Assert.Equal(4, l.MttrHours!.Value, 9);
        Assert.Equal(0.9, l.EnergyKwh, 9);
        Assert.Equal(2.0, l.BaselineKwh, 9);
        Assert.Equal(1.1, l.SavingKwh, 9);
        Assert.Equal(0.55, l.SavingRate!.Value, 9);
        // Per village, most saved first: 二村 0.3 of 1.0 kWh, 一村 0.6 of 1.0; per day, the month's first and last.
        Assert.Equal([("t1/v2", "二村", 0.3, 1.0, 0.7), ("t1/v1", "一村", 0.6, 1.0, 0.4)], Energy(l.ByVillage));
        Assert.Equal([("2026-12-01", "12月1日", 0.6, 1.0, 0.4), ("2026-12-31", "12月31日", 0.3, 1.0, 0.7)], Energy(l.ByDay));

        // 红黑榜: 二村 (0.9 + 1/2) / 2 = 0.7, 一村 (0.8 + 1/2) / 2 = 0.65, 三村 1/2 (no lit figures); the better half is red.
        Assert.Equal([("t1/v2", 1, "red"), ("t1/v1", 2, "red"), ("t1/v3", 3, "black")], r.Ranking.Villages.Select(v => (v.Key, v.Place, v.List!)));
        Assert.Equal([0.7, 0.65, 0.5], r.Ranking.Villages.Select(v => Math.Round(v.Score[0], 9)));
        Assert.Equal("亮灯 80.0% · 按时 1/2", r.Ranking.Villages[1].Detail);
        Assert.Equal([("team1", 1, "red", "按时 1 · 超时 0"), ("team2", 2, "black", "按时 1 · 超时 1")],
            r.Ranking.Teams.Select(t => (t.Key, t.Place, t.List!, t.Detail)));
    }

    private static IEnumerable<(string, string, double, double, double)> Energy(IEnumerable<EnergyRow> rows) =>
        rows.Select(r => (r.Key, r.Name, Math.Round(r.EnergyKwh, 9), Math.Round(r.BaselineKwh, 9), Math.Round(r.SavingRate!.Value, 9)));

    private static IEnumerable<(string, string, int)> Rows(IEnumerable<CountRow> rows) => rows.Select(r => (r.Key, r.Name, r.Count));
}
