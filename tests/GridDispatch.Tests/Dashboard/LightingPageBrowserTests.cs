using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The 照明 page (#19 item 7): a village's override edited in the form is saved (a reload lists it in words), and a group
/// command to two hand-picked lamps, taken over from the demo by test lamps that acknowledge over MQTT, fills its
/// progress bar to 100 %. Village 4 and village 3's lamps: no other test on this silo watches them.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task On_the_lighting_page_a_village_schedule_is_saved_and_a_group_commands_progress_bar_reaches_100_percent()
    {
        var yimen = DemoTownships.Yimen();
        var village = yimen.Villages[4];
        string[] lamps = [.. yimen.Lamps.Where(l => l.Cell.StartsWith(yimen.Villages[3].Id + "-", StringComparison.Ordinal)).Take(2).Select(l => l.Id)];
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var devices = new List<TestLamp>();
        try
        {
            foreach (var lamp in lamps)
            {
                await Pause(admin, lamp);
                var device = await TestLamp.ConnectAsync(f.Silo.MqttPort, "yimen", lamp);
                devices.Add(device);
                await device.TelemetryAsync("""{"on":true,"brightness":100,"voltage":220,"current":0.4,"power":88}""");
            }
            foreach (var lamp in lamps)
                await Eventually.Holds(() => f.Grains.GetGrain<IStreetlightGrain>(lamp).GetLog(), l => l?.Last?.Voltage == 220, what: $"{lamp} reports");

            var page = await _browser.PageAsync(f.Silo.BaseAddress);
            await Browser.LoginAsync(page, "yimen");
            await page.GetByTestId("lighting-link").ClickAsync();
            await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });

            // The village's override: 10 minutes after sunset, 60 % from 22:00, off 5 minutes before sunrise, market days 3/6/9.
            await page.GetByTestId("schedule-scope").SelectOptionAsync("village:" + village.Id);
            await page.GetByTestId("schedule-on-offset").FillAsync("10");
            await page.GetByTestId("schedule-off-offset").FillAsync("-5");
            await page.GetByTestId("schedule-step-at-0").FillAsync("22:00");
            await page.GetByTestId("schedule-step-brightness-0").FillAsync("60");
            await page.GetByTestId("exception-name").FillAsync("赶场");
            await page.GetByTestId("exception-days").FillAsync("3,6,9");
            await page.GetByTestId("schedule-save").ClickAsync();
            await page.GetByTestId("lighting-message").Filter(new() { HasText = "已保存" }).WaitForAsync(new() { Timeout = 10_000 });

            await page.ReloadAsync();
            await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
            var row = page.Locator($"[data-testid=lighting-schedule][data-scope='village:{village.Id}']");
            Assert.Equal("日落后10分钟开灯，100%，22:00起60%，日出前5分钟关灯", await row.GetByTestId("schedule-words").InnerTextAsync());
            Assert.Equal("特殊日 赶场（每月3、6、9日）：100%", await row.GetByTestId("schedule-exception").InnerTextAsync());
            Assert.Contains(village.Name, await row.InnerTextAsync(), StringComparison.Ordinal);

            // 群控 to the two lamps: each acknowledges, the bar fills.
            await page.GetByTestId("group-target").SelectOptionAsync("Lamps");
            await page.GetByTestId("group-lamps").FillAsync(string.Join(",", lamps));
            await page.GetByTestId("group-action").SelectOptionAsync("On");
            await page.GetByTestId("group-send").ClickAsync();
            var command = page.Locator("[data-testid=group-command][data-percent='100']");
            await command.WaitForAsync(new() { Timeout = 15_000 });
            Assert.Contains("已确认 2", await command.GetByTestId("group-counts").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(100, await command.GetByTestId("group-progress").EvaluateAsync<int>("p => p.value"));
            Assert.All(devices, d => Assert.Contains(d.Commands, c => c.GetProperty("type").GetString() == "setBrightness" && c.GetProperty("brightness").GetInt32() == 100));
            await Browser.ScreenshotAsync(page, "lighting");
        }
        finally
        {
            await admin.DeleteAsync($"/api/townships/yimen/lighting/schedules/village/{village.Id}");
            foreach (var device in devices) await device.DisposeAsync();
        }
    }
}
