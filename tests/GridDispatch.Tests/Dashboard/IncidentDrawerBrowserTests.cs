using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The command centre's actions from the screen (#18): the incident drawer on one screen, the same incident
/// on a second screen and on the responder's phone, and the audit page, in Chromium against the demo silo.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    /// <summary>A change made on one screen shows on the others within this (the hub batches every 100 ms).</summary>
    private const float Elsewhere = 2_000;

    [Fact]
    public async Task From_the_drawer_an_operator_triages_reassigns_adds_a_co_handler_urges_and_closes_each_seen_elsewhere_within_2_s_and_audited()
    {
        var yimen = DemoTownships.Yimen();
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var blown = await admin.PostAsJsonAsync("/api/whistles", new
        {
            township = "yimen", cellId = yimen.Villages[7].Groups[0].Neighbourhoods[0].Id, whistleId = "drawer-" + Guid.NewGuid().ToString("N")[..10],
            category = "road", severity = "minor", text = "村道边坡落石，需清理",
            photo = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        });
        Assert.True(blown.IsSuccessStatusCode, await blown.Content.ReadAsStringAsync());
        var id = (await blown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var candidates = await admin.GetFromJsonAsync<JsonElement[]>($"/api/incidents/{id}/candidates");
        var holder = (await f.Grains.GetGrain<IIncidentGrain>(id).Get())!.ResponderId;
        var next = candidates!.Select(c => c.GetProperty("responder").GetProperty("id").GetString()!).First(r => r != holder && !r.EndsWith("-duty", StringComparison.Ordinal));

        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        var second = await _browser.PageAsync(f.Silo.BaseAddress);
        var phone = await _browser.PageAsync(f.Silo.BaseAddress, 390, 844);
        await Browser.LoginAsync(screen, "yimen");
        await Browser.LoginAsync(second, "admin");
        await second.GotoAsync("/?scope=yimen");
        await second.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
        await Browser.LoginAsync(phone, next.ToLowerInvariant());
        foreach (var page in new[] { screen, second })
        {
            await page.Locator($"[data-testid=incident-card][data-incident-id='{id}']").ClickAsync(new() { Timeout = 15_000 });
            await page.WaitForSelectorAsync($"[data-testid=incident-drawer][data-incident-id='{id}'] [data-testid=drawer-timeline]");
        }

        // The whistle's photo, as a thumbnail under its kind (fetched with the token).
        await screen.WaitForSelectorAsync("[data-testid=drawer-photos] [data-testid=drawer-photo][data-kind=Whistle][src^='blob:']");

        // 研判: a major matter.
        await screen.GetByTestId("triage-severity").SelectOptionAsync("Major");
        await screen.GetByTestId("action-reason").FillAsync("影响主干道通行");
        await Done(screen, "action-triage", second);
        Assert.Equal("大事", await second.GetByTestId("drawer-severity").InnerTextAsync());

        // 改派 to a responder of the operator's choosing: their phone gets the order.
        await screen.Locator($"[data-testid=assign-responder] option[value='{next}']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await screen.GetByTestId("assign-responder").SelectOptionAsync(next);
        await Done(screen, "action-assign", second);
        await phone.WaitForSelectorAsync($"[data-testid=order-card][data-incident-id='{id}']", new() { Timeout = Elsewhere });

        // 协办: a department joins with its own order.
        await screen.Locator("[data-testid=co-handler] option[value^='dept:']").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var department = await screen.Locator("[data-testid=co-handler] option[value^='dept:']").First.GetAttributeAsync("value");
        await screen.GetByTestId("co-handler").SelectOptionAsync(department!);
        await Done(screen, "action-co-handle", second);
        Assert.NotEqual("—", (await second.GetByTestId("drawer-co-handlers").InnerTextAsync()).Trim());

        // 督办: a notice on the phone.
        await screen.GetByTestId("action-reason").FillAsync("请一小时内到场");
        await Done(screen, "action-urge", second);
        await phone.WaitForSelectorAsync("[data-testid=urge-notice]:has-text('请一小时内到场')", new() { Timeout = Elsewhere });
        await Browser.ScreenshotAsync(screen, "incident-drawer");

        // The responder finishes (here the command centre acts for them), then 回访 and 销号 with 满意度 from the screen.
        foreach (var step in new[] { "acknowledge", "arrive", "resolve" })
            Assert.True((await admin.PostAsJsonAsync($"/api/responders/{next}/work-orders/{id}/{step}", new { note = "已清理" })).IsSuccessStatusCode, step);
        await screen.WaitForSelectorAsync("[data-testid=incident-drawer][data-status=Resolved] [data-testid=action-close]", new() { Timeout = 10_000 });
        await Done(screen, "action-call-back", second);
        await screen.GetByTestId("close-satisfaction").SelectOptionAsync("4");
        await Done(screen, "action-close", second);
        Assert.Equal("已销号", await second.GetByTestId("drawer-status").InnerTextAsync());

        // An alarm row that belongs to a work order opens that order too (the drawer closed first: it covers the feed).
        await screen.GetByTestId("drawer-close").ClickAsync();
        var lamp = yimen.Lamps.Last(l => l.Cell.StartsWith(yimen.Villages[^1].Id + "-", StringComparison.Ordinal)).Id;
        Assert.Equal(TelemetryOutcome.Accepted, await f.Grains.GetGrain<IStreetlightGrain>(lamp).ReportTelemetry(new LampTelemetry
        {
            Timestamp = DateTimeOffset.UtcNow, On = true, Voltage = 221, Current = 0.4, LeakageMa = 55,
        }));
        // The row's incident is read first, and that row clicked: the feed may regroup between a click and a later read.
        var ofRow = await screen.Locator($"[data-testid=alarm-row][data-lamp-id='{lamp}'][data-incident-id*='-LEAKAGE-']").GetAttributeAsync("data-incident-id", new() { Timeout = 10_000 });
        await screen.Locator($"[data-testid=alarm-row][data-lamp-id='{lamp}'][data-incident-id='{ofRow}']").ClickAsync(new() { Timeout = 10_000 });
        await Browser.ExplainAsync(screen, "alarm-row-incident-drawer",
            () => screen.WaitForSelectorAsync($"[data-testid=incident-drawer][data-incident-id='{ofRow}'] [data-testid=drawer-timeline]"));

        // The audit page lists each with its actor.
        var audit = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(audit, "yimen");
        await audit.GotoAsync("/audit.html");
        await audit.WaitForSelectorAsync("body[data-ready=true]");
        foreach (var kind in new[] { "incident.triage", "incident.assign", "incident.co-handle", "incident.urge", "incident.call-back", "incident.close" })
        {
            var row = audit.Locator($"[data-testid=audit-row][data-kind='{kind}'][data-subject='{id}']");
            Assert.Equal(1, await row.CountAsync());
            Assert.Contains("yimen", await row.GetByTestId("audit-actor-cell").InnerTextAsync(), StringComparison.Ordinal);
        }

        await Browser.ScreenshotAsync(audit, "audit-log");
    }

    /// <summary>Clicks an action on <paramref name="screen"/>, waits for it to be accepted, and for <paramref name="other"/> to show the same version within 2 s.</summary>
    private static async Task Done(IPage screen, string action, IPage other)
    {
        var before = await screen.GetByTestId("incident-drawer").GetAttributeAsync("data-version");
        await screen.GetByTestId(action).ClickAsync();
        await screen.WaitForSelectorAsync($"[data-testid=incident-drawer]:not([data-version='{before}'])", new() { Timeout = 10_000 });
        Assert.Equal("已提交", await screen.GetByTestId("drawer-message").InnerTextAsync());
        var version = await screen.GetByTestId("incident-drawer").GetAttributeAsync("data-version");
        await other.WaitForSelectorAsync($"[data-testid=incident-drawer][data-version='{version}']", new() { Timeout = Elsewhere });
    }
}
