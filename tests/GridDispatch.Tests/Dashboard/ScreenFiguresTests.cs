using System.Text.Json;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The figures the command-centre screen computes itself (dashboard/web/src), run in node exactly as
/// bundled for the browser: 亮灯率 against 应亮灯, and the 红黑榜's rule (inactivity left out, ties 并列, no tie black-listed).
/// </summary>
public sealed class ScreenFiguresTests
{
    private static Task<JsonElement> Call(string module, string function, params object?[] arguments) =>
        NodePeer.RunAsync("web-module.mjs", module, function, JsonSerializer.Serialize(arguments));

    private static object Entry(string name, params double[] score) => new { key = name, name, score, detail = "" };

    private static async Task<(string[] Red, string[] Black)> RedBlack(params object[] entries)
    {
        var placed = await Call("standing", "place", [entries]);
        var lists = await Call("standing", "redBlack", placed, 3);
        string[] Names(string list) => [.. lists.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];
        return (Names("red"), Names("black"));
    }

    [Fact]
    public async Task Equal_scores_share_a_place_and_are_marked_tied()
    {
        var placed = await Call("standing", "place", [new[] { Entry("益门社区", 1), Entry("石门村", 0.5), Entry("王家村", 1) }]);

        Assert.Equal([("王家村", 1, true), ("益门社区", 1, true), ("石门村", 3, false)],
            placed.EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("place").GetInt32(), p.GetProperty("tied").GetBoolean())).OrderBy(p => p.Item2).ThenBy(p => p.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Everyone_on_time_is_nobody_s_black_list()
    {
        // 益门社区 with 按时 26/26 once sat on the 黑榜 beside villages as good as it.
        var (red, black) = await RedBlack(Entry("益门社区", 1), Entry("石门村", 1), Entry("王家村", 1), Entry("李家村", 1));
        Assert.Equal(4, red.Length);
        Assert.Empty(black);
    }

    [Fact]
    public async Task A_tie_at_the_bottom_is_not_black_listed_but_a_lone_last_is()
    {
        var tiedLast = await RedBlack(Entry("甲", 1), Entry("乙", 0.9), Entry("丙", 0.5), Entry("丁", 0.5));
        Assert.Equal(["甲", "乙"], tiedLast.Red);
        Assert.Empty(tiedLast.Black);

        var distinct = await RedBlack(Entry("甲", 1), Entry("乙", 0.8), Entry("丙", 0.6), Entry("丁", 0.2));
        Assert.Equal(["甲", "乙"], distinct.Red);
        Assert.Equal(["丁", "丙"], distinct.Black); // worst first, and nobody on both lists

        var tiedTop = await RedBlack(Entry("甲", 1), Entry("乙", 1), Entry("丙", 0.4));
        Assert.Equal(["乙", "甲"], tiedTop.Red.Order(StringComparer.Ordinal));
        Assert.Equal(["丙"], tiedTop.Black);
    }

    [Fact]
    public async Task A_team_with_nothing_finished_is_not_ranked()
    {
        object Team(string id) => new { id, name = id, team = true };
        object Finished(string responderId, int deadlinesMissed) => new { responderId, status = "Closed", deadlinesMissed };
        object Open(string responderId) => new { responderId, status = "Acknowledged", deadlinesMissed = 0 };

        var entries = await Call("ranking", "teamEntries",
            new[] { Team("T01"), Team("T02"), Team("T03") }, new[] { Finished("T01", 0), Finished("T02", 1), Open("T03") });

        // T03 (按时 0 · 超时 0, one order still open) is on neither list.
        Assert.Equal(["T01", "T02"], entries.EnumerateArray().Select(e => e.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_lit_rate_counts_only_lamps_due_now_and_by_day_is_lamps_off_as_planned()
    {
        var figures = new { lampsTotal = 800, lampsLit = 0, lampsOffline = 0 };
        var day = await Call("lighting", "litFigure", figures, false);
        Assert.Equal(JsonValueKind.Null, day.GetProperty("rate").ValueKind); // not a red 0.0 %
        Assert.Equal(800, day.GetProperty("offAsPlanned").GetInt32());

        var night = await Call("lighting", "litFigure", new { lampsTotal = 800, lampsLit = 760, lampsOffline = 40 }, true);
        Assert.Equal(760, night.GetProperty("lampsDue").GetInt32());
        Assert.Equal(1.0, night.GetProperty("rate").GetDouble());

        // Due while the screen's clock is inside one of the township's nights.
        var now = DateTimeOffset.Parse("2026-11-29T12:00:00Z");
        object Township(double fromHours, double toHours) => new
        {
            id = "yimen", name = "益门镇", nights = new[] { new { dusk = now.AddHours(fromHours).ToString("O"), dawn = now.AddHours(toHours).ToString("O") } },
        };
        var ms = now.ToUnixTimeMilliseconds();
        Assert.True((await Call("lighting", "lampsDue", new[] { Township(-1, 11) }, ms)).GetBoolean());
        Assert.False((await Call("lighting", "lampsDue", new[] { Township(1, 13) }, ms)).GetBoolean());
        Assert.True((await Call("lighting", "lampsDue", new[] { new { id = "old", name = "旧镇" } }, ms)).GetBoolean()); // nights unknown: as before
    }
}
