using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// What flashes on the command centre flashes on the page's beat, not in an endless CSS animation, which repainted the
/// whole screen on every frame while an alarm stood. A viewer who asked for reduced motion sees it steady.
/// </summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class BlinkBrowserTests(DemoSiloFixture f) : IAsyncLifetime
{
    private const string Bright = "rgba(255, 40, 60, 0.55)";
    private const string Dim = "rgba(255, 40, 60, 0.08)";
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task A_leak_row_flashes_on_the_beat_with_no_endless_animation_and_stands_still_for_reduced_motion()
    {
        var moving = await ScreenAsync(ReducedMotion.NoPreference);
        var still = await ScreenAsync(ReducedMotion.Reduce);

        const string lamp = "yimen-L0707";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var pub = await Mosquitto.PubAsync("-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", lamp, "-P", "demo", "-i", "lamp-0707",
            "-q", "1", "-t", $"gd/yimen/lamp/{lamp}/telemetry", "-m", $$"""{"ts":{{ts}},"on":true,"voltage":221,"current":0.4,"leakageMa":48}""");
        Assert.Equal(0, pub.ExitCode);
        var row = $"[data-testid=alarm-feed] [data-testid=alarm-row][data-lamp-id='{lamp}'].flash";
        await moving.WaitForSelectorAsync(row, new() { Timeout = 10_000 });
        await still.WaitForSelectorAsync(row, new() { Timeout = 10_000 });

        // both halves of the flash within a few beats, and nothing animating on its own meanwhile
        var seen = await Colours(moving, row, TimeSpan.FromSeconds(3));
        Assert.Contains(Bright, seen);
        Assert.Contains(Dim, seen);
        Assert.Equal(0, await moving.EvaluateAsync<int>("() => document.getAnimations().filter(a => a.effect?.getComputedTiming().iterations === Infinity).length"));

        Assert.Equal([Bright], await Colours(still, row, TimeSpan.FromSeconds(2)));
        Assert.Null(await still.EvaluateAsync<string?>("() => document.documentElement.dataset.blink ?? null"));
    }

    private async Task<IPage> ScreenAsync(ReducedMotion motion)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = f.Silo.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN", ReducedMotion = motion,
        });
        var page = await context.NewPageAsync();
        await Browser.LoginAsync(page, "yimen");
        await page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 15_000 });
        return page;
    }

    /// <summary>The row's background colours, read every 100 ms for <paramref name="over"/>.</summary>
    private static async Task<List<string>> Colours(IPage page, string row, TimeSpan over)
    {
        var seen = new List<string>();
        var until = DateTime.UtcNow + over;
        while (DateTime.UtcNow < until)
        {
            var colour = await page.EvalOnSelectorAsync<string>(row, "r => getComputedStyle(r).backgroundColor");
            if (!seen.Contains(colour)) seen.Add(colour);
            await Task.Delay(100);
        }
        return seen;
    }
}
