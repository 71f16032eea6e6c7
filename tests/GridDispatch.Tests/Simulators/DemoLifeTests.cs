using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Simulators;

/// <summary>
/// The README's first command: the demo with its simulated life on. Within a minute the township is
/// alive through the public API and on the screen, both demo townships: lamps report, faults raise alarms and incidents,
/// responders take them on. (Faster clock than the default so the test stays short.)
/// </summary>
public sealed class DemoLifeTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("demo-life");
    private SiloProcess _silo = null!;

    // Faster than the demo's own pace, but not so fast that 1,100 lamps saturate a 2-core machine running other
    // tests beside it (at a 2 s interval the page's login then missed its 30 s deadline): 275 reports/s.
    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "demo.db"),
        "--Demo:Life=true", "--Demo:LampInterval=4", "--Demo:FaultRate=0.004", "--Demo:WhistleEvery=5");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Within_a_minute_the_demo_township_shows_reporting_lamps_alarms_incidents_and_responders_at_work()
    {
        using var http = await CommandCentreClient.HttpAsync(_silo.BaseAddress, "admin");
        await Eventually.Holds(async () => await http.GetFromJsonAsync<JsonElement>("/api/lamps/yimen-L0400"),
            l => l.GetProperty("lastSeen").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30), "a simulated lamp reporting");
        // 彰冠镇's lamps live too: an imported lamp that nobody simulates would only ever read 离线.
        await Eventually.Holds(async () => await http.GetFromJsonAsync<JsonElement>("/api/lamps/zhangguan-L0150"),
            l => l.GetProperty("lastSeen").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30), "a simulated lamp of zhangguan reporting");
        await Eventually.Holds(async () => (await http.GetFromJsonAsync<JsonElement>("/api/townships/yimen/summary")).GetProperty("figures"),
            f => f.GetProperty("lampsFaulty").GetInt32() > 0, TimeSpan.FromSeconds(60), "a lamp fault raised");
        await Eventually.Holds(async () => await http.GetFromJsonAsync<JsonElement>("/api/incidents?township=yimen"),
            list => list.EnumerateArray().Any(i => i.GetProperty("status").GetString() is "Acknowledged" or "OnSite" or "Resolved" or "Closed"),
            TimeSpan.FromSeconds(60), "an incident taken on by a simulated responder");
        // Simulated lamps draw rated watts × brightness and switch twice a night: none of TALQ's further faults is raised for them.
        var filed = JsonSerializer.Serialize(await http.GetFromJsonAsync<JsonElement>("/api/incidents?township=yimen"),
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }); // Chinese as it is, not \u escapes
        Assert.All(new[] { "继电器故障", "功率过高", "功率过低", "频繁开关", "接近寿命" }, label => Assert.DoesNotContain(label, filed, StringComparison.Ordinal));

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.PageAsync(_silo.BaseAddress);
        await Browser.LoginAsync(page, "yimen");
        Assert.True(await page.Locator("[data-testid=incident-card]").CountAsync() > 0);
        await Browser.ScreenshotAsync(page, "demo-life");
    }
}
