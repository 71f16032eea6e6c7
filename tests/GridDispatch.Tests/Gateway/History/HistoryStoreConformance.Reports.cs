using GridDispatch.Gateway.History;
using GridDispatch.Gateway.Reports;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Gateway.Reports;

namespace GridDispatch.Tests.Gateway.History;

/// <summary>Reports on each store: the scripted December gives the same figures from SQLite and PostgreSQL, number by number.</summary>
public abstract partial class HistoryStoreConformance
{
    private static ReportCompiler Compiler(IHistoryStore store) => new(store, new IncidentPolicy(), new ReportRankings(store));

    [Fact]
    public async Task A_scripted_month_gives_exactly_the_expected_report()
    {
        var (store, time, _) = await NewStoreAsync();
        await store.WriteAsync(DecemberScript.Batch);
        time.SetUtcNow(DecemberScript.Now);

        var report = await Compiler(store).CompileAsync(DecemberScript.Period, DecemberScript.Scope, DecemberScript.Place, DecemberScript.Now);
        ReportExpectations.AssertDecember(report);

        // The same after the roll-ups: hours of minutes, days of lamp hours.
        await store.ApplyRetentionAsync(new HistoryRetention(), DecemberScript.Now);
        Assert.Equal(5, await store.RollUpLampDaysAsync(DecemberScript.Now)); // (township, village, Beijing day) of each lamp hour
        Assert.Equal(0, await store.RollUpLampDaysAsync(DecemberScript.Now.AddHours(1))); // only the day before the last pass again: none
        var rolled = await Compiler(store).CompileAsync(DecemberScript.Period, DecemberScript.Scope, DecemberScript.Place, DecemberScript.Now);
        Assert.Equal(report.Lamps, rolled.Lamps with { FaultsByCode = report.Lamps.FaultsByCode, ByVillage = report.Lamps.ByVillage, ByDay = report.Lamps.ByDay });
        Assert.Equal(report.Lamps.FaultsByCode, rolled.Lamps.FaultsByCode);
        Assert.Equal(report.Lamps.ByVillage, rolled.Lamps.ByVillage);
        Assert.Equal(report.Lamps.ByDay, rolled.Lamps.ByDay);
    }

    [Fact]
    public async Task A_village_report_counts_its_own_incidents_and_shows_its_townships_ranking()
    {
        var (store, time, _) = await NewStoreAsync();
        await store.WriteAsync(DecemberScript.Batch);
        time.SetUtcNow(DecemberScript.Now);

        var report = await Compiler(store).CompileAsync(DecemberScript.Period, ReportScope.Village("t1", "v2"), DecemberScript.Place, DecemberScript.Now);
        Assert.Equal((2, 2), (report.Incidents.Total, report.Lamps.WorkOrders));
        Assert.Equal(0.3, report.Lamps.EnergyKwh, 6); // L2 only
        Assert.Equal(0.9, report.Lamps.LitRate!.Value, 6);
        Assert.Equal("township:t1", report.Ranking.ScopeKey);
        Assert.Equal(["t1/v2", "t1/v1", "t1/v3"], report.Ranking.Villages.Select(v => v.Key));
    }

    [Fact]
    public async Task A_published_ranking_never_changes_when_the_month_is_recomputed()
    {
        var (store, time, database) = await NewStoreAsync();
        await store.WriteAsync(DecemberScript.Batch);
        time.SetUtcNow(DecemberScript.Now);
        var first = await Compiler(store).CompileAsync(DecemberScript.Period, DecemberScript.Scope, DecemberScript.Place, DecemberScript.Now);
        Assert.True(first.Ranking.Frozen);
        Assert.Equal(DecemberScript.Now, first.Ranking.PublishedAt);

        // Later, the late emergency is put right (its row replaced) and team1 finishes a6: the figures move, the list does not.
        var later = DecemberScript.Now.AddDays(20); // after every row's last step
        var a4 = DecemberScript.Incidents.Single(i => i.Id == "a4") with { DeadlinesMissed = 0, UpdatedAt = later };
        var a6 = DecemberScript.Incidents.Single(i => i.Id == "a6") with { Status = "Closed", ResolvedAt = later, ClosedAt = later, UpdatedAt = later };
        await store.WriteAsync(new HistoryBatch([], [], [a4, a6]));
        time.SetUtcNow(later);
        var again = await Compiler(Open(database, time)).CompileAsync(DecemberScript.Period, DecemberScript.Scope, DecemberScript.Place, later);

        Assert.Equal(5, again.Satisfaction.Closed); // the report itself is as the history is now
        Assert.Equal(DecemberScript.Now, again.Ranking.PublishedAt);
        Assert.Equivalent(first.Ranking, again.Ranking, strict: true);
        Assert.Equal("亮灯 90.0% · 按时 1/2", again.Ranking.Villages[0].Detail);

        // A second publication (another silo, a recomputation) keeps the first.
        var kept = await store.PublishRankingAsync(new StoredRanking(DecemberScript.Period.Key, DecemberScript.Scope.Key, later, "{}"));
        Assert.Equal(DecemberScript.Now, kept.PublishedAt);
        Assert.NotEqual("{}", kept.Body);
    }

    [Fact]
    public async Task A_report_over_a_period_before_the_history_began_says_so_and_publishes_nothing()
    {
        var (store, time, _) = await NewStoreAsync();
        await store.StartedAtAsync(); // the history begins: 2 November, 16:00 in Beijing
        time.SetUtcNow(DecemberScript.Now);
        var november = await Compiler(store).CompileAsync(ReportPeriod.Month(2026, 11), DecemberScript.Scope, DecemberScript.Place, DecemberScript.Now);
        Assert.True(november.BeforeHistory);
        Assert.Equal("历史数据自 2026-11-02 16:00 起记录，此前无数据", ReportLines.NoBackfill(november));
        Assert.True(november.Ranking.Frozen); // it ended after the history began: published from what there is

        var october = await Compiler(store).CompileAsync(ReportPeriod.Month(2026, 10), DecemberScript.Scope, DecemberScript.Place, DecemberScript.Now);
        Assert.True(october.BeforeHistory);
        Assert.False(october.Ranking.Frozen);
        Assert.Null(await store.ReadRankingAsync("2026-10", DecemberScript.Scope.Key));

        var december = await Compiler(store).CompileAsync(DecemberScript.Period, DecemberScript.Scope, DecemberScript.Place, DecemberScript.Now);
        Assert.False(december.BeforeHistory);
    }

    [Fact]
    public async Task Todays_lamp_hours_so_far_are_summed_in_its_day_row_and_the_hours_since_are_read_as_they_are()
    {
        var (store, _, _) = await NewStoreAsync();
        var today = DecemberScript.D.AddMonths(1).AddDays(4); // 5 January, Beijing
        var scope = new HistoryScope(["t1"]);
        await store.WriteAsync(new HistoryBatch([], [.. Enumerable.Range(0, 10).Select(h => new LampHour("L1", "t1", "v1", "g1", today.AddHours(h), 10, 20, 1))], []));
        Assert.Equal(1, await store.RollUpLampDaysAsync(today.AddHours(10).AddMinutes(5))); // today's row: hours 0–9
        await store.WriteAsync(new HistoryBatch([], [new LampHour("L1", "t1", "v1", "g1", today.AddHours(10), 20, 20, 1), new LampHour("L2", "t1", "v2", "g2", today.AddHours(11), 20, 20, 1)], []));

        var day = new DateOnly(2027, 1, 5);
        LampDay[] expected = [new("t1", "v1", day, 120, 220, 11), new("t1", "v2", day, 20, 20, 1)];
        Assert.Equal(expected, await store.ReadLampDaysAsync(scope, today, today.AddDays(1)));
        Assert.Equal(2, await store.RollUpLampDaysAsync(today.AddHours(12).AddMinutes(30))); // today again, whole: 一村 and 二村
        Assert.Equal(expected, await store.ReadLampDaysAsync(scope, today, today.AddDays(1))); // nothing counted twice
        Assert.Equal([expected[1]], await store.ReadLampDaysAsync(scope with { Village = "v2" }, today, today.AddDays(1)));
    }
}
