using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Gateway.History;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// The 照明 page (#19 item 7): a village's override edited in the form is saved (a reload lists it in words), and a group
/// command to two hand-picked lamps, taken over from the demo by test lamps that acknowledge over MQTT, fills its
/// progress bar to 100 %; the two lamps' last hour of telemetry shows in the 能耗 table as the report has it. Village 4 and two of village 3's
/// lamps: no other test on this silo watches them.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task On_the_lighting_page_a_village_schedule_is_saved_and_a_group_commands_progress_bar_reaches_100_percent()
    {
        var yimen = DemoTownships.Yimen();
        var village = yimen.Villages[4];
        // Not the hub test's burst lamps (L0001–L0300, L0401–L0600) nor L0333: its reports are newer than this test's backdated hour.
        string[] lamps = [.. yimen.Lamps.Where(l => l.Cell.StartsWith(yimen.Villages[3].Id + "-", StringComparison.Ordinal))
            .Select(l => l.Id).Where(id => int.Parse(id[^4..], CultureInfo.InvariantCulture) is > 300 and <= 400 and not 333).Take(2)];
        Assert.Equal(2, lamps.Length);
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var devices = new List<TestLamp>();
        try
        {
            // The last clock hour lit at 90 W, every 10 minutes (its meter up 15 Wh each time): the report at the hour ends it.
            var now = DateTimeOffset.UtcNow;
            var hour = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerHour));
            foreach (var lamp in lamps)
            {
                await Pause(admin, lamp);
                var device = await TestLamp.ConnectAsync(f.Silo.MqttPort, "yimen", lamp);
                devices.Add(device);
                for (var m = 0; m <= 60; m += 10)
                    await device.TelemetryAsync($$"""{"on":true,"brightness":100,"voltage":220,"current":0.41,"power":90,"energyWh":{{1000 + m * 1.5}}}""", hour.AddMinutes(m - 60));
            }
            foreach (var lamp in lamps)
                await Eventually.Holds(() => f.Grains.GetGrain<IStreetlightGrain>(lamp).GetLog(), l => l?.Last?.Voltage == 220, what: $"{lamp} reports");

            // Written to the history as the lamps' hours; the report job's day roll-up (hourly) is run now rather than waited for.
            var history = new SqliteHistoryStore(f.HistoryDb, TimeProvider.System);
            foreach (var lamp in lamps)
                await Eventually.Holds(() => history.ReadLampHoursAsync("yimen", lamp, hour.AddHours(-1), hour), h => h.Count == 1, what: $"{lamp}'s hour in the history");
            await history.RollUpLampDaysAsync(DateTimeOffset.UtcNow);

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

            // 能耗: the month of that hour; village 3's row has what the report says, the two lamps' hour in it (5 intervals of 15 Wh each).
            var month = hour.AddHours(-1).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            await page.GetByTestId("energy-month").FillAsync(month);
            await page.GetByTestId("energy-load").ClickAsync();
            var key = $"yimen/{yimen.Villages[3].Id}";
            var energyRow = page.Locator($"[data-testid=energy-village][data-village='{key}']");
            await energyRow.WaitForAsync(new() { Timeout = 10_000 });
            var report = await admin.GetFromJsonAsync<JsonElement>($"/api/reports?township=yimen&period={month}");
            var expected = report.GetProperty("lamps").GetProperty("byVillage").EnumerateArray().Single(v => v.GetProperty("key").GetString() == key);
            var shown = double.Parse((await energyRow.GetAttributeAsync("data-kwh"))!, CultureInfo.InvariantCulture);
            Assert.Equal(expected.GetProperty("energyKwh").GetDouble(), shown, 9);
            Assert.True(shown >= 0.15 - 1e-9, $"village 3 used {shown} kWh");
            Assert.Contains(yimen.Villages[3].Name, await energyRow.InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(int.Parse((await page.GetByTestId("energy-chart").GetAttributeAsync("data-days"))!, CultureInfo.InvariantCulture) >= 1);
            await Browser.ScreenshotAsync(page, "lighting");
        }
        finally
        {
            await admin.DeleteAsync($"/api/townships/yimen/lighting/schedules/village/{village.Id}");
            foreach (var device in devices) await device.DisposeAsync();
        }
    }
}
