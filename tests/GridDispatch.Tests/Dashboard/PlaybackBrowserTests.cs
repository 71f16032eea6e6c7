using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Dashboard;

/// <summary>
/// 回放 (#21): a lamp's leakage alarm, raised over MQTT, is replayed on the map from the history store: drawn as 漏电 at a
/// moment after it was raised and not before; 退出回放 gives the map back to the live picture. Same silo and browser as the
/// rest of the class; one page.
/// </summary>
public sealed partial class CommandCentreBrowserTests
{
    [Fact]
    public async Task Playback_draws_a_lamps_alarm_from_when_it_was_raised_and_leaving_returns_to_live()
    {
        const string lamp = "yimen-L0611";
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var pub = await Mosquitto.PubAsync("-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", lamp, "-P", "demo", "-i", "lamp-0611",
            "-q", "1", "-t", $"gd/yimen/lamp/{lamp}/telemetry", "-m", $$"""{"ts":{{ts}},"on":true,"voltage":221,"current":0.4,"leakageMa":48}""");
        Assert.Equal(0, pub.ExitCode);

        // the alarm in the history store (written within a second): its raisedAt is what the replay is measured against
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");
        var alarm = await Eventually.Holds(async () =>
        {
            var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-10).ToString("O"));
            var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
            var reply = await http.GetFromJsonAsync<JsonElement>($"/api/townships/yimen/playback?from={from}&to={to}");
            return reply.GetProperty("alarms").EnumerateArray().Where(a => a.GetProperty("lampId").GetString() == lamp)
                .Select(a => (JsonElement?)a).LastOrDefault();
        }, a => a is not null, TimeSpan.FromSeconds(10), $"{lamp}'s alarm in the history store");
        var raisedAt = alarm!.Value.GetProperty("raisedAt").GetDateTimeOffset();
        var clearedAt = alarm.Value.GetProperty("clearedAt") is { ValueKind: JsonValueKind.String } c ? c.GetDateTimeOffset() : (DateTimeOffset?)null;

        var screen = await _browser.PageAsync(f.Silo.BaseAddress);
        await Browser.LoginAsync(screen, "yimen");
        await MapCanvas.WaitDrawnAsync(screen);
        await screen.GetByTestId("playback-open").ClickAsync();
        // the last hour by default, loaded and shown from its start
        var banner = screen.GetByTestId("playback-banner");
        await Eventually.Holds(() => banner.InnerTextAsync(), t => t.StartsWith("回放中 ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the playback banner");
        Assert.True(await screen.EvaluateAsync<bool>("() => window.gdMap.playing"));

        // a moment while it stood (the lamp's next normal report may clear it: then between the two)
        var before = raisedAt.AddSeconds(-1).ToUnixTimeMilliseconds();
        var during = clearedAt is { } cleared ? raisedAt + (cleared - raisedAt) / 2 : raisedAt.AddSeconds(1);
        var after = during.ToUnixTimeMilliseconds();
        Assert.Null(await screen.EvaluateAsync<string?>("([ms, id]) => { window.gdMap.playbackSeek(ms); return window.gdMap.playbackLamp(id); }", new object[] { before, lamp }));
        Assert.Equal("leak", await screen.EvaluateAsync<string?>("([ms, id]) => { window.gdMap.playbackSeek(ms); return window.gdMap.playbackLamp(id); }", new object[] { after, lamp }));
        var label = await banner.InnerTextAsync();
        Assert.True(label == $"回放中 {during.ToOffset(TimeSpan.FromHours(8)):HH:mm}", label);
        if (clearedAt is { } over)
            Assert.Null(await screen.EvaluateAsync<string?>("([ms, id]) => { window.gdMap.playbackSeek(ms); return window.gdMap.playbackLamp(id); }",
                new object[] { over.AddSeconds(1).ToUnixTimeMilliseconds(), lamp }));
        await Browser.ScreenshotAsync(screen, "map-playback");

        await screen.GetByTestId("playback-exit").ClickAsync();
        Assert.False(await screen.EvaluateAsync<bool>("() => window.gdMap.playing"));
        Assert.True(await banner.IsHiddenAsync());
        Assert.Null(await screen.EvaluateAsync<string?>("id => window.gdMap.playbackLamp(id)", lamp));
        // the live lamps are coloured by their state again, the leaking lamp among them
        Assert.True(await screen.EvaluateAsync<bool>("() => window.gdMap.liveLampColours()"));
        Assert.Equal(800, await MapCanvas.RenderedLampCountAsync(screen));
    }
}
