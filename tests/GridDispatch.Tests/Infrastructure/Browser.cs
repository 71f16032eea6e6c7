using Microsoft.Playwright;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright for .NET (never Playwright's own download), installed from apt when missing.
/// One Chromium and one Playwright driver serve the whole run: launching them for each test cost about 2 s of wall
/// time and 1.8 s of CPU each, some twenty times a run. A <see cref="Browser"/> is one test's share of it: the
/// contexts (own storage, own login) of the pages it opened, all closed when it is disposed, so no page of a finished
/// test keeps running its scripts.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public static readonly string Artifacts = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");
    private static readonly SemaphoreSlim Launching = new(1, 1);
    private static IPlaywright? s_playwright;
    private static IBrowser? s_chromium;
    private readonly List<IBrowserContext> _contexts = [];

    private Browser(IBrowser chromium) => Chromium = chromium;

    public IBrowser Chromium { get; }

    /// <summary>
    /// How Chromium draws, with no GPU on this machine. By default (<c>--disable-gpu</c>) it composites in software and
    /// reads every WebGL frame back on the page's main thread, which a screen with a graphics card never does.
    /// <c>GRIDDISPATCH_CHROMIUM_COMPOSITING=gpu</c> (the dashboard benchmark) keeps GPU compositing, done by SwiftShader
    /// in Chromium's GPU process, as on a real screen: the page's main thread then waits for no frame.
    /// </summary>
    public static bool GpuCompositing { get; } = Environment.GetEnvironmentVariable("GRIDDISPATCH_CHROMIUM_COMPOSITING") == "gpu";

    private static string[] Rendering => GpuCompositing ? ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"] : ["--disable-gpu"];

    /// <summary>Chromium's command line here, but for headless mode (Playwright adds it), for a benchmark that launches its own.</summary>
    public static string[] Args => [.. Rendering, "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    public static async Task<Browser> LaunchAsync()
    {
        await Launching.WaitAsync();
        try
        {
            if (s_chromium is not { IsConnected: true })
            {
                var chromium = await AptPackages.EnsureCommandAsync("chromium", "chromium");
                s_playwright ??= await Playwright.CreateAsync();
                s_chromium = await s_playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = chromium,
                    Headless = true,
                    Args = Browser.Args,
                });
            }

            return new Browser(s_chromium);
        }
        finally
        {
            Launching.Release();
        }
    }

    /// <summary>A context of this test's, closed with it.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        // Reduced motion: the map's leak rings stand still instead of repainting the software-rendered map twice a second.
        options.ReducedMotion ??= ReducedMotion.Reduce;
        var context = await Chromium.NewContextAsync(options);
        lock (_contexts) _contexts.Add(context);
        return context;
    }

    /// <summary>A fresh page in its own context (its own session storage: its own login).</summary>
    public async Task<IPage> PageAsync(Uri baseAddress, int width = 1920, int height = 1080)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        return await context.NewPageAsync();
    }

    public static async Task LoginAsync(IPage page, string user, string password = "demo")
    {
        await page.GotoAsync("/login.html");
        await page.GetByTestId("login-username").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        // Generous: in CI the suite's other servers share these two cores. The page's URL is read, not awaited as a
        // navigation: WaitForURLAsync (until Commit) once waited its 30 s for a navigation that had committed already
        // (a phone page whose service worker answered at once).
        for (var deadline = DateTime.UtcNow.AddSeconds(30); page.Url.Contains("/login.html"); await Task.Delay(50))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{user} still on the login page after 30 s");
        }

        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png") });
    }

    /// <summary>
    /// Runs a wait on the command-centre screen; if it times out, the failure says what the two drawers showed
    /// (which is open, for which id, their message lines) and keeps a screenshot, so a rare failure can be read.
    /// </summary>
    public static async Task ExplainAsync(IPage page, string name, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException e)
        {
            var state = await page.EvaluateAsync<string>("""
                () => ['incident-drawer', 'lamp-drawer'].map((t) => {
                  const d = document.querySelector(`[data-testid=${t}]`);
                  return d ? `${t}: hidden=${d.hidden} id=${d.dataset.incidentId ?? d.dataset.lampId ?? '-'} text=${(d.innerText ?? '').slice(0, 300)}` : `${t}: absent`;
                }).join(' | ')
                """);
            await ScreenshotAsync(page, "failed-" + name);
            throw new TimeoutException($"{e.Message}\nOn the page: {state}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        IBrowserContext[] contexts;
        lock (_contexts) contexts = [.. _contexts];
        foreach (var context in contexts)
        {
            try { await context.CloseAsync(); }
            catch (PlaywrightException) { /* already closed, or the browser went away */ }
        }
    }
}
