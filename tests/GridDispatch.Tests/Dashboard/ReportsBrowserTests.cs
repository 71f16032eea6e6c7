using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Gateway.History;
using GridDispatch.Gateway.Reports;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The 报表 page on a real silo process, restarted on the same files: the history chart still draws the minutes from
/// before, and last month's 红黑榜 is the one published before, though an incident under it was put right since.
/// </summary>
public sealed class ReportsBrowserTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("reports-browser");
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    [Fact]
    public async Task After_a_restart_the_history_chart_and_last_months_published_ranking_are_unchanged()
    {
        var db = Path.Combine(_folder, "data", "griddispatch.db");
        var history = HistoryServices.BesideGrainDatabase(db);
        var lastMonth = LastMonth(DateTimeOffset.UtcNow);
        // The history began before last month (an upgrade two months ago): 益门社区's team on time twice, 石门村's late once.
        var seeding = new SqliteHistoryStore(history, new FakeTimeProvider(lastMonth.From.AddDays(-30)));
        await seeding.WriteAsync(new HistoryBatch([], [], [
            Incident("r1", "yimen-V01", "yimen-T01", lastMonth.From.AddDays(2), missed: 0),
            Incident("r2", "yimen-V01", "yimen-T01", lastMonth.From.AddDays(3), missed: 0),
            Incident("r3", "yimen-V02", "yimen-T02", lastMonth.From.AddDays(4), missed: 1),
        ]));
        string[] settings = ["--db", db, "--demo", "--History:SampleEvery=00:00:01"];

        (string? First, int Points) chart;
        string villages, teams, state;
        await using (var silo = await SiloProcess.StartAsync(_folder, settings))
        {
            var screen = await _browser.PageAsync(silo.BaseAddress);
            await Browser.LoginAsync(screen, "yimen");
            chart = await ChartAsync(screen, atLeast: 1);
            var reports = await _browser.PageAsync(silo.BaseAddress);
            (villages, teams, state) = await RankingAsync(reports);
            Assert.Contains("益门社区", villages);
            Assert.Contains("红榜", villages);
            Assert.Contains("黑榜", villages);
            Assert.Contains("发布并冻结", state);
            // The pages' live connections closed first: the server's graceful stop would wait for them.
            await screen.CloseAsync();
            await reports.CloseAsync();
            await silo.StopAsync(TimeSpan.FromSeconds(60)); // a loaded machine: a deadline, not a latency
        }

        // While it is down, 石门村's incident is put right: recomputed, the two villages would tie and nobody would be black-listed.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await new SqliteHistoryStore(history, TimeProvider.System).WriteAsync(new HistoryBatch([], [], [
            Incident("r3", "yimen-V02", "yimen-T02", lastMonth.From.AddDays(4), missed: 0) with { UpdatedAt = DateTimeOffset.UtcNow },
        ]));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using (var silo = await SiloProcess.StartAsync(_folder, settings))
        {
            var screen = await _browser.PageAsync(silo.BaseAddress);
            await Browser.LoginAsync(screen, "yimen");
            var after = await ChartAsync(screen, atLeast: chart.Points);
            Assert.Equal(chart.First, after.First); // the minutes before the restart are still drawn
            Assert.Equal((villages, teams, state), await RankingAsync(await _browser.PageAsync(silo.BaseAddress)));
        }
    }

    private static async Task<(string? First, int Points)> ChartAsync(IPage screen, int atLeast)
    {
        // The history's API first, cheaply: each reload of the screen below costs a whole page load.
        using (var http = await CommandCentreClient.HttpAsync(new Uri(new Uri(screen.Url), "/"), "yimen"))
        {
            await Eventually.Holds(() => http.GetFromJsonAsync<JsonElement>("/api/townships/yimen/history?metric=lit&minutes=60"),
                h => h.GetProperty("points").GetArrayLength() >= atLeast, TimeSpan.FromSeconds(60), $"the history holds at least {atLeast} minutes");
        }

        var canvas = screen.GetByTestId("history-chart-canvas");
        return await Eventually.Holds(async () =>
        {
            await screen.ReloadAsync(); // the chart reads the history once a minute: a reload reads it now
            await screen.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
            await screen.WaitForSelectorAsync("[data-testid='history-chart-canvas'][data-points]", new PageWaitForSelectorOptions { Timeout = 30_000 });
            return (await canvas.GetAttributeAsync("data-first"), int.Parse(await canvas.GetAttributeAsync("data-points") ?? "0"));
        }, c => c.Item2 >= atLeast, TimeSpan.FromSeconds(60), $"the chart draws at least {atLeast} minutes");
    }

    private static async Task<(string Villages, string Teams, string State)> RankingAsync(IPage page)
    {
        await Browser.LoginAsync(page, "yimen");
        await page.GotoAsync("/reports.html");
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal("township:yimen", await page.GetByTestId("report-scope").InputValueAsync());
        return (await page.GetByTestId("report-villages").InnerTextAsync(), await page.GetByTestId("report-teams").InnerTextAsync(),
            await page.GetByTestId("report-ranking-state").InnerTextAsync());
    }

    private static ReportPeriod LastMonth(DateTimeOffset now)
    {
        var beijing = now.ToOffset(ReportSchema.Offset).AddMonths(-1);
        return ReportPeriod.Month(beijing.Year, beijing.Month);
    }

    private static IncidentRecord Incident(string id, string village, string team, DateTimeOffset at, int missed) => new()
    {
        Id = "report-" + id, Township = "yimen", Village = village, Cell = village, Source = "Whistle", Category = "road", Severity = "Minor",
        Status = "Closed", ReportedAt = at, AcknowledgedAt = at.AddHours(1), ResolvedAt = at.AddHours(5), ClosedAt = at.AddHours(6),
        Level = "Village", DeadlinesMissed = missed, Satisfaction = 5, UpdatedAt = at.AddHours(6),
        Responders = [new ResponderTurn(team, at.AddMinutes(1), 1, 0, 0, at.AddHours(1), at.AddHours(2), at.AddHours(5))],
    };

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
