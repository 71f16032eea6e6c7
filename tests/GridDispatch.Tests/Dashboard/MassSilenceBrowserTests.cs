using GridDispatch.Grains.Demo;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The demo's 1,100 lamps with nobody simulating them, on a real silo process expecting a report every 10 s: thirty seconds
/// after they were imported (a few seconds apart) they reach COMM_LOSS's limit, all falling silent together: a mass silence.
/// The township's screen, and a village's screen open since before it, say 通信中断 with the township's count instead of
/// listing 800 离线 alarms, and the silo's /metrics shows the outage and the lamps it holds.
/// </summary>
public sealed class MassSilenceBrowserTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("mass-silence");
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    [Fact]
    public async Task The_screen_shows_a_mass_silence_as_one_outage_with_no_alarm_per_lamp()
    {
        await using var silo = await SiloProcess.StartFreshAsync(_folder,
            "--demo", "--Demo:Life=false", "--Streetlights:Faults:ReportInterval=00:00:10",
            "--Streetlights:Faults:WatchSweepEvery=00:00:01", "--Reminders:MinimumReminderPeriod=00:00:01");
        // A village's screen, open before the outage (30 s after the import): it hears of it live, though it is in no township group.
        var village = await _browser.PageAsync(silo.BaseAddress);
        await Browser.LoginAsync(village, DemoTownships.All().First(t => t.Id == "yimen").Villages.First(v => v.Leader is not null).Leader!.Id);
        await village.GotoAsync(new Uri(silo.BaseAddress, "/?scope=yimen").ToString());
        await village.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 20_000 });
        Assert.True(await village.GetByTestId("silence-banner").IsHiddenAsync(), "no outage yet when the village's screen opened");

        var screen = await _browser.PageAsync(silo.BaseAddress);
        await Browser.LoginAsync(screen, "yimen");
        await screen.GotoAsync(new Uri(silo.BaseAddress, "/?scope=yimen").ToString());

        var banner = screen.GetByTestId("silence-banner");
        await Assertions.Expect(banner).ToContainTextAsync("通信中断：益门镇 800 盏路灯同时失联", new() { Timeout = 30_000 });
        Assert.Contains("共 800 盏", await banner.InnerTextAsync());
        Assert.Equal(0, await screen.GetByTestId("alarm-row").CountAsync()); // held: no 离线 alarm per lamp
        await Assertions.Expect(village.GetByTestId("silence-banner")).ToContainTextAsync("通信中断：益门镇 800 盏路灯同时失联", new() { Timeout = 10_000 });

        using var management = new HttpClient { BaseAddress = silo.ManagementAddress };
        // 彰冠镇's 300 were imported after 益门镇's 800: they reach the limit a little later, into the same outage.
        var metrics = await Eventually.Holds(() => management.GetStringAsync("/metrics"), m => Value(m, "griddispatch_liveness_silence_held") == 1100,
            TimeSpan.FromSeconds(30), "all 1,100 lamps held");
        Assert.Equal(1, Value(metrics, "griddispatch_liveness_mass_silences_total"));
        await screen.CloseAsync(); // the pages' live connections closed first: the graceful stop would wait for them
        await village.CloseAsync();
    }

    private static double Value(string metrics, string name)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
