using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// 回放 (#21): a lamp's leakage alarm, raised over MQTT and held for a known span, is replayed on the map from the
/// history store: drawn as 漏电 at a moment inside that span, not before it nor after it; 退出回放 gives the map back
/// to the live picture. The lamp is taken over from the demo's life (no other test uses it), so nothing but this
/// test raises or clears its alarms. Same silo and browser as the rest of the class; one page.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task Playback_draws_a_lamps_alarm_while_it_stood_and_leaving_returns_to_live()
    {
        // Not the hub tests' burst lamps (L0001–L0600), nor the lamps IncidentCommandApiTests takes (the last of 9村 and 10村).
        const string lamp = "yimen-L0611";
        var yimen = DemoTownships.Yimen();
        Assert.DoesNotContain(lamp, new[] { 8, 9 }.Select(v => yimen.Lamps.Last(l => l.Cell.StartsWith(yimen.Villages[v].Id + "-", StringComparison.Ordinal)).Id));
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        await Pause(admin, lamp);
        await using var device = await TestLamp.ConnectAsync(f.Silo.MqttPort, "yimen", lamp);
        const string normal = """{"on":true,"voltage":221,"current":0.4,"leakageMa":2}""";
        // A fault the lamp reports clears after three reports without it (FaultThresholds.ClearAfterReports).
        async Task ReportsWell()
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < 3; i++) await device.TelemetryAsync(normal, now.AddMilliseconds(i));
        }

        // Whatever the demo's life left standing on it is cleared first: from `calm` on, only this test's alarm is on the lamp.
        await ReportsWell();
        await Eventually.Holds(() => f.Grains.GetGrain<IStreetlightGrain>(lamp).GetSnapshot(), s => s!.OpenAlarms.Count == 0, what: $"{lamp} without alarms");
        var calm = DateTimeOffset.UtcNow;

        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "yimen");
        await MapCanvas.WaitDrawnAsync(screen);
        // Raised, held until the screen shows it, then cleared: a span of at least that round trip.
        await device.TelemetryAsync("""{"on":true,"voltage":221,"current":0.4,"leakageMa":48}""");
        await screen.WaitForSelectorAsync($"[data-testid=alarm-feed] [data-testid=alarm-row][data-lamp-id='{lamp}']", new() { Timeout = 10_000 });
        await ReportsWell();

        // the alarm in the history store with its end (written within a second): the replay is measured against it
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");
        var alarm = await Eventually.Holds(async () =>
        {
            var from = Uri.EscapeDataString(calm.AddMinutes(-1).ToString("O"));
            var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
            var reply = await http.GetFromJsonAsync<JsonElement>($"/api/townships/yimen/playback?from={from}&to={to}");
            return reply.GetProperty("alarms").EnumerateArray().Where(a => a.GetProperty("lampId").GetString() == lamp && a.GetProperty("code").GetString() == "LEAKAGE"
                && a.GetProperty("raisedAt").GetDateTimeOffset() > calm).Select(a => (JsonElement?)a).LastOrDefault();
        }, a => a?.GetProperty("clearedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(10), $"{lamp}'s alarm and its end in the history store");
        var raisedAt = alarm!.Value.GetProperty("raisedAt").GetDateTimeOffset();
        var clearedAt = alarm.Value.GetProperty("clearedAt").GetDateTimeOffset();
        Assert.True(clearedAt - raisedAt >= TimeSpan.FromMilliseconds(10), $"held {clearedAt - raisedAt}");

        await screen.GetByTestId("playback-open").ClickAsync();
        // the last hour by default, loaded and shown from its start
        var banner = screen.GetByTestId("playback-banner");
        await Eventually.Holds(() => banner.InnerTextAsync(), t => t.StartsWith("回放中 ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the playback banner");
        Assert.True(await screen.EvaluateAsync<bool>("() => window.gdMap.playing"));

        // before it was raised, in the middle of its span, and after it was cleared
        var during = raisedAt + (clearedAt - raisedAt) / 2;
        Assert.Null(await LampAt(calm));
        Assert.Equal("leak", await LampAt(during));
        var label = await banner.InnerTextAsync();
        Assert.True(label == $"回放中 {during.ToOffset(TimeSpan.FromHours(8)):HH:mm}", label);
        Assert.Null(await LampAt(clearedAt.AddMilliseconds(1)));
        await Browser.ScreenshotAsync(screen, "map-playback");

        await screen.GetByTestId("playback-exit").ClickAsync();
        Assert.False(await screen.EvaluateAsync<bool>("() => window.gdMap.playing"));
        Assert.True(await banner.IsHiddenAsync());
        Assert.Null(await screen.EvaluateAsync<string?>("id => window.gdMap.playbackLamp(id)", lamp));
        // the live lamps are coloured by their state again
        Assert.True(await screen.EvaluateAsync<bool>("() => window.gdMap.liveLampColours()"));
        Assert.Equal(800, await MapCanvas.RenderedLampCountAsync(screen));

        Task<string?> LampAt(DateTimeOffset at) => screen.EvaluateAsync<string?>("([ms, id]) => { window.gdMap.playbackSeek(ms); return window.gdMap.playbackLamp(id); }",
            new object[] { at.ToUnixTimeMilliseconds(), lamp });
    }
}
