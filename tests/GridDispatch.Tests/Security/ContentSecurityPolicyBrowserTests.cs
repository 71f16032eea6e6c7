using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>Every page works under its Content-Security-Policy: Chromium reports no violation while they load and run.</summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class ContentSecurityPolicyBrowserTests(DemoSiloFixture f) : IAsyncLifetime
{
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task The_command_centre_and_handheld_pages_run_without_a_csp_violation()
    {
        var violations = new List<string>();
        foreach (var (user, path, ready) in new[]
                 {
                     ("yimen", "/", "[data-testid=map] canvas.maplibregl-canvas"),
                     ("admin", "/handheld/whistle.html", "[data-action=logout]"),
                 })
        {
            var page = await _browser.PageAsync(f.Silo.BaseAddress);
            page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{path}: {m.Text}"); };
            await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");
            await Browser.LoginAsync(page, user);
            if (path != "/") await page.GotoAsync(new Uri(f.Silo.BaseAddress, path).ToString());
            await page.WaitForSelectorAsync(ready, new() { Timeout = 30_000 });
            if (path == "/") await MapCanvas.WaitDrawnAsync(page); // the map's worker and its lamps, under the policy
            await page.WaitForTimeoutAsync(2_000); // the live feed and charts draw
            var csp = await page.EvaluateAsync<string>("async () => (await fetch(location.href)).headers.get('content-security-policy')");
            Assert.Contains("script-src 'self'", csp);
        }

        Assert.Empty(violations);
    }
}
