using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Playwright;
using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// 路灯详情 (#18 item 8) and 检修 of a feeder from the screen (item 7): a lamp opened from the map, a brightness
/// command acknowledged by the lamp over MQTT, and a feeder's alarms suppressed, then raised again when it ends.
/// The lamps are taken over from the demo's simulated ones, so only the test speaks for them.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task From_the_map_a_lamp_drawer_shows_its_values_and_history_and_a_brightness_command_is_acknowledged_by_the_lamp()
    {
        var yimen = DemoTownships.Yimen();
        var picked = yimen.Lamps.First(l => l.Cell.StartsWith(yimen.Villages[6].Id + "-", StringComparison.Ordinal));
        var lamp = picked.Id;
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        await Pause(admin, lamp);
        await using var device = await TestLamp.ConnectAsync(f.Silo.MqttPort, "yimen", lamp);
        // Drawing its own rated watts at full brightness: anything else is POWER_HIGH or POWER_LOW, an alarm this test is not about.
        await device.TelemetryAsync($$"""{"on":true,"brightness":100,"voltage":220.5,"current":{{picked.RatedWatts / 220.5:F3}},"power":{{picked.RatedWatts}}}""");
        await Eventually.Holds(() => f.Grains.GetGrain<IStreetlightGrain>(lamp).GetLog(), l => l?.Last?.Voltage == 220.5, what: "the lamp's report");

        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "yimen");
        await MapCanvas.ClickLampAsync(screen, lamp);
        var drawer = screen.Locator($"[data-testid=lamp-drawer][data-lamp-id='{lamp}']");
        await drawer.GetByTestId("lamp-live").Filter(new() { HasText = "220.5 V" }).WaitForAsync(new() { Timeout = 10_000 });
        Assert.Contains("在线", await drawer.GetByTestId("lamp-state").InnerTextAsync(), StringComparison.Ordinal);

        await drawer.GetByTestId("lamp-brightness").FillAsync("40");
        await drawer.GetByTestId("lamp-dim").ClickAsync();
        // Pending as sent, then acknowledged when the lamp answers (the hub's lampCommand).
        await drawer.Locator("[data-testid=lamp-command][data-status=Acknowledged]").Filter(new() { HasText = "亮度 40%" }).WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal(40, Assert.Single(device.Commands).GetProperty("brightness").GetInt32());
        Assert.Equal("灯已确认", await drawer.Locator("[data-testid=lamp-command][data-status=Acknowledged] [data-testid=lamp-command-status]").First.InnerTextAsync());
        Assert.Equal("亮度 40%：灯已确认", await drawer.GetByTestId("lamp-drawer-message").InnerTextAsync());
        await Browser.ScreenshotAsync(screen, "lamp-drawer");

        // The drawer's reads, and their scope: the lamp's log has the command; a responder not on it may not read it.
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/lamps/{lamp}/log");
        Assert.Contains(log.GetProperty("commands").EnumerateArray(), c => c.GetProperty("status").GetString() == "Acknowledged" && c.GetProperty("brightness").GetInt32() == 40);
        var energy = await admin.GetFromJsonAsync<JsonElement>($"/api/lamps/{lamp}/energy?hours=24");
        Assert.Equal(JsonValueKind.Array, energy.GetProperty("hours").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/lamps/{lamp}/energy?hours=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/lamps/yimen-L9999999/log")).StatusCode);
        using var responder = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, yimen.Responders[0].Id.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Forbidden, (await responder.GetAsync($"/api/lamps/{lamp}/log")).StatusCode);
        var audit = await admin.GetFromJsonAsync<JsonElement[]>("/api/audit?township=yimen&kind=lamp.command");
        Assert.Contains(audit!, a => a.GetProperty("subject").GetString() == lamp && a.GetProperty("actor").GetString() == "yimen");
    }

    [Fact]
    public async Task From_the_lamp_drawer_a_feeder_goes_into_maintenance_its_alarms_show_as_suppressed_and_come_back_when_it_ends()
    {
        var yimen = DemoTownships.Yimen();
        var lamp = yimen.Lamps.Last(l => l.Feeder is not null && l.Cell.StartsWith(yimen.Villages[0].Id + "-", StringComparison.Ordinal));
        var neighbour = yimen.Lamps.Last(l => l.Feeder == lamp.Feeder && l.Id != lamp.Id).Id;
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        await Pause(admin, neighbour);

        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "yimen");
        await MapCanvas.ClickLampAsync(screen, lamp.Id);
        var drawer = screen.Locator($"[data-testid=lamp-drawer][data-lamp-id='{lamp.Id}']");
        await Browser.ExplainAsync(screen, "map-lamp-drawer",
            () => drawer.GetByTestId("lamp-drawer-title").Filter(new() { HasText = lamp.Id }).WaitForAsync(new() { Timeout = 10_000 }));
        await drawer.GetByTestId("maintenance-reason").FillAsync("更换回路电缆");
        await drawer.GetByTestId("feeder-maintenance").ClickAsync();
        await drawer.GetByTestId("lamp-maintenance-state").WaitForAsync(new() { Timeout = 10_000 });
        Assert.NotNull((await f.Grains.GetGrain<IStreetlightGrain>(neighbour).GetSnapshot())!.Maintenance);

        // A leak on another lamp of the feeder: shown, marked as suppressed, no work order.
        Assert.Equal(TelemetryOutcome.Accepted, await f.Grains.GetGrain<IStreetlightGrain>(neighbour).ReportTelemetry(new LampTelemetry
        {
            Timestamp = DateTimeOffset.UtcNow, On = true, Voltage = 221, Current = 0.4, LeakageMa = 57,
        }));
        var row = screen.Locator($"[data-testid=alarm-row][data-lamp-id='{neighbour}'][data-code=LEAKAGE]");
        await screen.Locator($"[data-testid=alarm-row][data-lamp-id='{neighbour}'][data-suppressed=true]").WaitForAsync(new() { Timeout = 10_000 });
        Assert.Contains("检修中", await row.InnerTextAsync(), StringComparison.Ordinal);
        var alarmId = await row.GetAttributeAsync("data-alarm-id");
        Assert.Null(await f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.LampAlarm, alarmId!)).Get());

        // 结束回路检修: the alarm is raised again, for the desk (a work order) and the screen.
        await drawer.GetByTestId("feeder-maintenance-end").ClickAsync();
        await screen.Locator($"[data-testid=alarm-row][data-alarm-id='{alarmId}'][data-suppressed=false]").WaitForAsync(new() { Timeout = 10_000 });
        await Eventually.Holds(() => f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.LampAlarm, alarmId!)).Get(), i => i is not null,
            what: "the work order once the feeder is out of maintenance");
        // The click's request may still be writing its audit line when the screen already shows the alarm back.
        var audit = await Eventually.Holds(() => admin.GetFromJsonAsync<JsonElement[]>("/api/audit?township=yimen&kind=feeder."),
            lines => lines!.Any(a => a.GetProperty("kind").GetString() == "feeder.maintenance-end"), what: "the end of the feeder's maintenance in the audit log");
        Assert.Contains(audit!, a => a.GetProperty("kind").GetString() == "feeder.maintenance" && a.GetProperty("reason").GetString() == "更换回路电缆");
        Assert.Contains(audit!, a => a.GetProperty("kind").GetString() == "feeder.maintenance-end" && a.GetProperty("subject").GetString() == lamp.Feeder);
    }

    /// <summary>Takes a lamp over from the demo's life for the test (404: the silo runs without life).</summary>
    private static async Task Pause(HttpClient admin, string lamp)
    {
        using var paused = await admin.PostAsJsonAsync("/api/demo/life/pause", new { lamps = new[] { lamp }, seconds = 300 });
        Assert.True(paused.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"{(int)paused.StatusCode} {await paused.Content.ReadAsStringAsync()}");
    }

    /// <summary>A lamp as the device would be: its own MQTT identity, reporting, and acknowledging each command it gets.</summary>
    private sealed class TestLamp : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly ConcurrentQueue<JsonElement> _commands = new();
        private string _topic = "";

        public IReadOnlyCollection<JsonElement> Commands => _commands;

        public static async Task<TestLamp> ConnectAsync(int port, string township, string lamp)
        {
            var device = new TestLamp { _topic = $"gd/{township}/lamp/{lamp}/" };
            device._client.ApplicationMessageReceivedAsync += async e =>
            {
                var command = JsonDocument.Parse(Encoding.UTF8.GetString(e.ApplicationMessage.Payload)).RootElement.Clone();
                device._commands.Enqueue(command);
                await device.PublishAsync("cmd/ack", $$"""{"cmdId":"{{command.GetProperty("cmdId").GetString()}}","ok":true}""");
            };
            // A simulated lamp paused a moment ago may still hold the client id: try again until the broker takes this one.
            await Eventually.Holds(async () =>
            {
                try
                {
                    await device._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(lamp)
                        .WithCredentials(lamp, "demo").WithCleanSession().Build());
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }, connected => connected, what: $"{lamp} connected");
            await device._client.SubscribeAsync(device._topic + "cmd", MqttQualityOfServiceLevel.AtLeastOnce);
            return device;
        }

        public Task TelemetryAsync(string fields) => TelemetryAsync(fields, DateTimeOffset.UtcNow);

        public Task TelemetryAsync(string fields, DateTimeOffset at) => PublishAsync("telemetry", fields.Insert(1, $"\"ts\":{at.ToUnixTimeMilliseconds()},"));

        private Task PublishAsync(string leaf, string json) => _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(_topic + leaf).WithPayload(json).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected) await _client.DisconnectAsync();
            _client.Dispose();
        }
    }
}
