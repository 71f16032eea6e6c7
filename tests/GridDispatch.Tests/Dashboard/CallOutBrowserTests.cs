using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// 报到 (issue #20): an emergency calls everyone up; a called person's phone page shows it as a banner and vibrates,
/// one tap reports in, and the big screen's board fills in. On zhangguan, one village, so the other tests' yimen is untouched.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task An_emergency_call_out_shows_on_a_called_persons_phone_and_their_one_tap_report_fills_the_board()
    {
        const string person = "zhangguan-C01";
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var village = (await admin.GetFromJsonAsync<JsonElement[]>("/api/townships/zhangguan/cells"))!
            .First(c => c.GetProperty("level").GetString() == "Village").GetProperty("id").GetString();

        // The person's own MQTT assignment topic carries the call-out too (QoS 1); subscribed while the pages open.
        var overMqtt = Mosquitto.SubAsync(TimeSpan.FromSeconds(30), "-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", person, "-P", "demo",
            "-i", "callout-sub", "-q", "1", "-t", $"gd/zhangguan/responder/{person}/assignment", "-C", "1");
        var phone = await _browser.PageAsync(f.Silo.BaseAddress, 360, 640);
        await phone.AddInitScriptAsync("navigator.vibrate = () => { window.__vibrated = (window.__vibrated || 0) + 1; return true; };");
        await Browser.LoginAsync(phone, person);
        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "zhangguan");
        try
        {
            var called = await admin.PostAsJsonAsync("/api/townships/zhangguan/mode", new { mode = "Emergency", reason = "防汛演练", villages = new[] { village } });
            Assert.True(called.IsSuccessStatusCode, await called.Content.ReadAsStringAsync());

            var banner = phone.GetByTestId("callout-banner");
            await Assertions.Expect(banner).ToContainTextAsync("防汛演练", new() { Timeout = 10_000 });
            Assert.True(await phone.EvaluateAsync<int>("() => window.__vibrated || 0") > 0, "the phone vibrated");
            var chip = screen.Locator($"[data-testid=checkin-board] [data-checkin-id='{person}']");
            await Assertions.Expect(chip).ToHaveClassAsync("waiting", new() { Timeout = 10_000 });
            await Browser.ScreenshotAsync(phone, "phone-callout-360x640");
            var message = JsonDocument.Parse((await overMqtt).Output.Trim().Split('\n')[0]).RootElement;
            Assert.Equal(("called", "zhangguan", person, "防汛演练"), (message.GetProperty("type").GetString(), message.GetProperty("township").GetString(),
                message.GetProperty("responderId").GetString(), message.GetProperty("reason").GetString()));

            await banner.GetByTestId("callout-checkin").ClickAsync();
            await Assertions.Expect(banner.GetByTestId("callout-done")).ToBeVisibleAsync();
            await Assertions.Expect(chip).ToHaveClassAsync("checked", new() { Timeout = 10_000 });
            var board = (await f.Grains.GetGrain<ITownshipGrain>("zhangguan").GetMode()).Board;
            Assert.NotNull(board.Single(c => c.Affiliate.Id == person).At);

            // Opened again, the page still knows it reported (the call-out comes with the work snapshot).
            await phone.ReloadAsync();
            await Assertions.Expect(phone.GetByTestId("callout-done")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }
        finally
        {
            (await admin.PostAsJsonAsync("/api/townships/zhangguan/mode", new { mode = "Normal" })).EnsureSuccessStatusCode();
            await phone.Context.CloseAsync();
            await screen.Context.CloseAsync();
        }
    }
}
