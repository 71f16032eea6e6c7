using Microsoft.Playwright;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright for .NET (never Playwright's own download), installed from apt when missing.</summary>
public sealed class Browser : IAsyncDisposable
{
    public static readonly string Artifacts = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");
    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var chromium = await AptPackages.EnsureCommandAsync("chromium", "chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh page in its own context (its own session storage: its own login).</summary>
    public async Task<IPage> PageAsync(Uri baseAddress, int width = 1920, int height = 1080)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        return await context.NewPageAsync();
    }

    public static async Task LoginAsync(IPage page, string user, string password = "demo")
    {
        await page.GotoAsync("/login.html");
        await page.GetByTestId("login-username").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        // Generous: in CI the suite's other servers share these two cores.
        await page.WaitForURLAsync(url => !url.Contains("/login.html"), new PageWaitForURLOptions { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
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
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
