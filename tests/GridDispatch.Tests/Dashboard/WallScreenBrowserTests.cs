using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The screen as its users read it (issue #16): the county's figures are its townships' summed and its
/// league table opens a township; emergency mode starts and ends without a page error and its banner
/// names the office that started it; no text on the county's or the township's screen is smaller than
/// 18 px at 1920×1080, 1366×768 or 3840×2160, none needs a sideways scroll; times are Shanghai's
/// whatever the PC's zone; the whistle form empties after a receipt. Same silo and browser as the rest
/// of the class.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    /// <summary>Every rendered text's size as drawn (SVG text scaled by its drawing), smallest first, below the fold too.</summary>
    private const string SmallestTextScript = """
        () => {
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const e = n.parentElement;
            if (!n.textContent.trim() || !e || e.closest('dialog:not([open]), [hidden], title')) continue;
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            let px = parseFloat(getComputedStyle(e).fontSize);
            const svg = e.closest('svg');
            if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
              const vb = svg.viewBox.baseVal, box = svg.getBoundingClientRect();
              px *= Math.min(box.width / vb.width, box.height / vb.height);
            }
            out.push([px, (e.getAttribute('class') || e.tagName) + ': ' + n.textContent.trim().slice(0, 20)]);
          }
          return out.sort((a, b) => a[0] - b[0]).slice(0, 5);
        }
        """;

    /// <summary>Each "另有 N" footer's text beside the one its list's geometry calls for: [shown, expected].</summary>
    private const string FootersScript = """
        () => {
          const below = (list) => {
            const bottom = list.getBoundingClientRect().bottom + 1;
            let n = 0;
            for (let row = list.lastElementChild; row && row.getBoundingClientRect().bottom > bottom; row = row.previousElementSibling) n++;
            return n;
          };
          const shown = (e) => (e.hidden ? '' : e.textContent.trim());
          const n = below(document.getElementById('responders'));
          const out = [[shown(document.getElementById('responder-more')), n > 0 ? `另有 ${n} 人，下滑查看` : '']];
          for (const stage of document.querySelectorAll('[data-stage]')) {
            const m = below(stage.querySelector('.stage-list'));
            out.push([shown(stage.querySelector('.stage-more')), m > 0 ? `另有 ${m} 件` : '']);
          }
          return out;
        }
        """;

    public static TheoryData<int, int> WallSizes => new() { { 1920, 1080 }, { 1366, 768 }, { 3840, 2160 } };

    [Theory]
    [MemberData(nameof(WallSizes))]
    public async Task The_county_screen_sums_its_townships_reads_at_wall_size_in_shanghai_time_and_its_league_table_opens_a_township(int width, int height)
    {
        // a PC set to New York: the screen still shows the township's (Shanghai) time
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = f.Silo.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN", TimezoneId = "America/New_York",
        });
        var screen = await context.NewPageAsync();
        var errors = new List<string>();
        screen.PageError += (_, e) => errors.Add(e);
        await Browser.LoginAsync(screen, "admin");

        Assert.Equal("县级指挥中心", (await screen.Locator("#title").InnerTextAsync()).Trim());
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        // the demo's two townships, and any that tests sharing this silo imported before
        var county = await http.GetFromJsonAsync<JsonElement>("/api/county/summary");
        var townships = county.GetProperty("townships").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
        Assert.Contains("yimen", townships);
        Assert.Contains("zhangguan", townships);
        async Task<int> SumOfTownships(string figure)
        {
            var sum = 0;
            foreach (var id in townships)
                sum += (await http.GetFromJsonAsync<JsonElement>($"/api/townships/{id}/summary")).GetProperty("figures").GetProperty(figure).GetInt32();
            return sum;
        }
        // the county's figures are the sum of its townships', in the API and on the screen
        var lampsTotal = await SumOfTownships("lampsTotal");
        Assert.Equal(lampsTotal, county.GetProperty("figures").GetProperty("lampsTotal").GetInt32());
        Assert.Contains($"共 {lampsTotal} 盏", await screen.Locator("[data-kpi=faulty] .kpi-sub").InnerTextAsync());
        await Eventually.Holds(
            async () => (Screen: (await screen.GetByTestId("kpi-offline").InnerTextAsync()).Trim(), Sum: await SumOfTownships("lampsOffline")),
            x => x.Screen == x.Sum.ToString(), TimeSpan.FromSeconds(15), "the screen's 离线 is the townships' sum");
        Assert.Equal(townships.Count, await screen.GetByTestId("league-row").CountAsync());

        var shanghai = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var clock = (await screen.GetByTestId("clock").InnerTextAsync()).Trim();
        // The page's clock ticks once a second, so it may still show the second before a minute turned (06:40:59 at 06:41:00.3).
        Assert.True(new[] { shanghai.AddSeconds(-2), shanghai, shanghai.AddMinutes(1) }.Any(t => clock.StartsWith(t.ToString("HH:mm"))),
            $"clock {clock}, Shanghai {shanghai:HH:mm:ss}");

        await AssertReadableAsync(screen, width, height, "county");

        if (width is 1920 or 1366)
        {
            if (width == 1920) await Browser.ScreenshotAsync(screen, "county-1920x1080");
            // with the pointer on the big screen, from the keyboard on the smaller one
            var row = screen.Locator("[data-testid=league-row][data-township=zhangguan]");
            if (width == 1920) await row.ClickAsync();
            else await row.PressAsync("Enter");
            await screen.WaitForURLAsync(url => url.Contains("scope=zhangguan"), new() { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 });
            await screen.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
            Assert.Equal("彰冠镇指挥中心", (await screen.Locator("#title").InnerTextAsync()).Trim());
        }

        // the township's screen, the one a wall shows most
        await screen.GotoAsync(new Uri(f.Silo.BaseAddress, "/?scope=yimen").ToString());
        await screen.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
        await AssertReadableAsync(screen, width, height, "township");
        // 另有 N 人/件 counts exactly the rows below the fold (the page counts them without measuring; the test measures)
        await Eventually.Holds(() => screen.EvaluateAsync<string[][]>(FootersScript), footers => footers.All(x => x[0] == x[1]),
            TimeSpan.FromSeconds(5), $"the footers at {width}×{height} count the rows below the fold");
        await Browser.ScreenshotAsync(screen, $"township-{width}x{height}");
        if (width < 1920) await screen.ScreenshotAsync(new() { Path = Path.Combine(Browser.Artifacts, $"township-{width}x{height}-full.png"), FullPage = true });
        Assert.Empty(errors);
        await context.CloseAsync();
    }

    /// <summary>Nothing below 18 px, whatever the screen: a smaller one scrolls down or wraps, its type stays; a 4K wall's grows.</summary>
    private static async Task AssertReadableAsync(IPage screen, int width, int height, string which)
    {
        var smallest = await screen.EvaluateAsync<JsonElement>(SmallestTextScript);
        Assert.True(smallest[0][0].GetDouble() >= 17.9, $"smallest text on the {which} screen at {width}×{height}: {smallest}");
        if (width >= 3840) Assert.True(smallest[0][0].GetDouble() >= 35.5, $"a 4K wall's type scales up: {smallest}");
        Assert.Equal(0, await screen.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"));
    }

    [Fact]
    public async Task Starting_and_ending_emergency_mode_throws_no_page_error_and_lists_each_department_once()
    {
        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        var errors = new List<string>();
        screen.PageError += (_, e) => errors.Add(e);
        await Browser.LoginAsync(screen, "yimen");

        await screen.GetByTestId("mode-button").ClickAsync();
        await screen.GetByTestId("mode-reason").FillAsync("防汛Ⅳ级应急响应（测试）");
        await screen.GetByTestId("mode-confirm").ClickAsync();
        var banner = screen.GetByTestId("emergency-banner");
        await banner.WaitForAsync(new() { Timeout = 10_000 });
        // the banner names the office that started it, not its login
        Assert.Contains("益门镇指挥中心 启动", await banner.InnerTextAsync());
        var chips = await screen.Locator("[data-testid=checkin-board] li").AllInnerTextsAsync();
        Assert.NotEmpty(chips);
        // a department and its duty officer are called separately but shown as one chip, and the count agrees
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");
        var called = (await http.GetFromJsonAsync<JsonElement>("/api/townships/yimen/summary")).GetProperty("mode").GetProperty("board").GetArrayLength();
        Assert.True(chips.Count < called, $"{chips.Count} chips for {called} called");
        Assert.DoesNotContain(chips, c => c.Contains("值班"));
        Assert.EndsWith($"/{chips.Count}", (await screen.GetByTestId("checkin-count").InnerTextAsync()).Trim());
        Assert.Equal("解除应急", (await screen.GetByTestId("mode-button").InnerTextAsync()).Trim());

        await screen.GetByTestId("mode-button").ClickAsync();
        await screen.GetByTestId("mode-confirm").ClickAsync();
        await banner.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 10_000 });
        Assert.Equal("启动应急", (await screen.GetByTestId("mode-button").InnerTextAsync()).Trim());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task After_a_whistle_the_phone_shows_a_receipt_and_an_empty_form_whose_severity_did_not_stick()
    {
        var phone = await _browser.PageAsync(f.Silo.BaseAddress, 360, 640);
        var info = await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo();
        var leader = info!.CellTree.First(c => c.Level == CellLevel.Group && c.LeaderId is not null);
        await Browser.LoginAsync(phone, leader.LeaderId!);
        var logout = phone.GetByTestId("logout");
        Assert.True(await logout.EvaluateAsync<bool>("b => b.getClientRects().length === 1 && b.scrollWidth <= b.clientWidth"), "退出登录 on one line at 360 px");

        await phone.GetByTestId("whistle-severity").SelectOptionAsync("major");
        await phone.GetByTestId("whistle-text").FillAsync("三组水管破裂，路面积水");
        await phone.GetByTestId("whistle-submit").ClickAsync();
        var result = await phone.WaitForSelectorAsync("[data-testid=whistle-result][data-incident-id]", new() { Timeout = 15_000 });
        Assert.Contains("吹哨成功", await result!.InnerTextAsync());
        Assert.Equal("", await phone.GetByTestId("whistle-text").InputValueAsync());
        Assert.Equal("minor", await phone.GetByTestId("whistle-severity").InputValueAsync());
        Assert.Equal("吹哨上报", (await phone.GetByTestId("whistle-submit").InnerTextAsync()).Trim());
        await Browser.ScreenshotAsync(phone, "handheld-whistle-receipt-360x640");
    }
}
