using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MQTTnet.Protocol;

namespace GridDispatch.Tests.Dashboard;

/// <summary>The command-centre hub on the real silo process, through the .NET SignalR client, as docs/DASHBOARD.md promises it.</summary>
[Collection(DemoSiloCollections.Screen)]
public sealed class CommandCentreHubTests(DemoSiloFixture f)
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Every message of the given kinds, as raw JSON arrays, in arrival order.</summary>
    private static ConcurrentQueue<(string Kind, JsonElement Items, long At)> Record(HubConnection hub, params string[] kinds)
    {
        var log = new ConcurrentQueue<(string, JsonElement, long)>();
        foreach (var kind in kinds) hub.On<JsonElement>(kind, items => log.Enqueue((kind, items, Stopwatch.GetTimestamp())));
        return log;
    }

    [Fact]
    public async Task Watch_returns_the_township_snapshot_and_then_a_fault_arrives_as_deltas()
    {
        var token = await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "admin");
        await using var hub = CommandCentreClient.Hub(f.Silo.BaseAddress, token);
        var log = Record(hub, "alarmRaised", "lampChanged", "incidentChanged");
        await hub.StartAsync();

        var snapshot = await hub.InvokeAsync<JsonElement>("Watch", "yimen");
        Assert.Equal("益门镇", snapshot.GetProperty("name").GetString());
        Assert.Equal(800, snapshot.GetProperty("lamps").GetArrayLength());
        Assert.Contains(snapshot.GetProperty("cells").EnumerateArray(), c => c.GetProperty("level").GetString() == "Village");
        // The map's cell outlines come with the cells: the demo draws one for each 片 and 组 (a closed [lon, lat] ring).
        Assert.Contains(snapshot.GetProperty("cells").EnumerateArray(),
            c => c.GetProperty("level").GetString() == "Group" && c.GetProperty("boundary").GetArrayLength() >= 4);
        Assert.True(snapshot.GetProperty("responders").GetArrayLength() >= 11);

        await using var lamps = await LampPublisher.ConnectAsync(f.Silo.MqttPort, "yimen-L0333", "demo");
        var sent = Stopwatch.GetTimestamp();
        await lamps.TelemetryAsync("yimen", "yimen-L0333", $$"""{"ts":{{Now}},"on":true,"voltage":221,"current":0.4,"leakageMa":60}""");

        await Eventually.TrueAsync(() => log.Any(m => m.Kind == "alarmRaised"
            && m.Items.EnumerateArray().Any(a => a.GetProperty("lampId").GetString() == "yimen-L0333" && a.GetProperty("code").GetString() == "LEAKAGE")),
            TimeSpan.FromSeconds(5));
        var raised = log.First(m => m.Kind == "alarmRaised");
        // A deadline, not a latency: alarm-to-screen latency is measured by the benchmarks (docs/BENCHMARKS.md).
        Assert.True(Stopwatch.GetElapsedTime(sent, raised.At) < TimeSpan.FromSeconds(5), $"alarm took {Stopwatch.GetElapsedTime(sent, raised.At)}");
        await Eventually.TrueAsync(() => log.Any(m => m.Kind == "incidentChanged"
            && m.Items.EnumerateArray().Any(i => i.GetProperty("lamps").EnumerateArray().Any(l => l.GetString() == "yimen-L0333"))), TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => log.Any(m => m.Kind == "lampChanged"
            && m.Items.EnumerateArray().Any(l => l.GetProperty("id").GetString() == "yimen-L0333"
                && l.GetProperty("faults").EnumerateArray().Any(c => c.GetString() == "LEAKAGE"))), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_user_is_refused_a_scope_outside_their_own_and_a_responder_has_no_screen()
    {
        var zhangguan = await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "zhangguan");
        await using (var hub = CommandCentreClient.Hub(f.Silo.BaseAddress, zhangguan))
        {
            await hub.StartAsync();
            var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Watch", "yimen"));
            Assert.Contains("forbidden", refused.Message);
            await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Watch", "county"));
            Assert.Equal("zhangguan", (await hub.InvokeAsync<JsonElement>("Watch", "zhangguan")).GetProperty("scope").GetString());
        }

        var responder = await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "yimen-T01");
        await using (var hub = CommandCentreClient.Hub(f.Silo.BaseAddress, responder))
        {
            await hub.StartAsync();
            await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Watch", "yimen"));
            var work = await hub.InvokeAsync<JsonElement>("WatchWork");
            Assert.Equal("yimen-T01", work.GetProperty("responder").GetProperty("id").GetString());
        }

        await using (var anonymous = CommandCentreClient.Hub(f.Silo.BaseAddress, "gd_not-a-real-token"))
            await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
    }

    [Fact]
    public async Task A_burst_of_ten_thousand_lamp_changes_reaches_the_screen_coalesced_at_a_bounded_rate_ending_in_the_last_state()
    {
        var token = await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "admin");
        await using var hub = CommandCentreClient.Hub(f.Silo.BaseAddress, token);
        var log = Record(hub, "lampChanged");
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("Watch", "yimen");

        // 500 lamps × 20 reports, each flipping the lamp on or off; the last report of each lamp switches it off.
        // (Not L0333 or L0777: the other tests give those real-time timestamps, after which these would be stale.)
        var lamps = Enumerable.Range(1, 300).Concat(Enumerable.Range(401, 200)).Select(n => $"yimen-L{n:D4}").ToArray();
        var start = Now - 30_000;
        await using var mqtt = await LampPublisher.ConnectAsync(f.Silo.MqttPort);
        var clock = Stopwatch.StartNew();
        // Each lamp's 20 flips back to back: they fall within one flush, so the screen should get about one item per lamp.
        foreach (var lamp in lamps)
            for (var round = 0; round < 20; round++)
                await mqtt.TelemetryAsync("yimen", lamp,
                    $$"""{"ts":{{start + round}},"on":{{(round % 2 == 0 ? "true" : "false")}},"voltage":221,"current":0.4}""", MqttQualityOfServiceLevel.AtMostOnce);

        bool Off(string lamp) => log.Reverse().SelectMany(m => m.Items.EnumerateArray()).FirstOrDefault(l => l.GetProperty("id").GetString() == lamp) is { ValueKind: JsonValueKind.Object } last
                                 && !last.GetProperty("on").GetBoolean();
        await Eventually.TrueAsync(() => lamps.All(Off), TimeSpan.FromSeconds(20),
            $"every lamp off on the screen ({lamps.Count(Off)} of {lamps.Length} off; {log.Count} messages, {log.Sum(m => m.Items.GetArrayLength())} items)");
        var elapsed = clock.Elapsed;

        var messages = log.Count;
        var items = log.Sum(m => m.Items.GetArrayLength());
        // One message per 100 ms flush at most (plus slack for the first and last), never one per change.
        Assert.True(messages <= elapsed.TotalMilliseconds / 100 + 3, $"{messages} lampChanged messages in {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(items <= 5_000, $"{items} lamp items for 10,000 changes: not coalesced");
        Assert.All(log, m => Assert.Equal(m.Items.GetArrayLength(), m.Items.EnumerateArray().Select(l => l.GetProperty("id").GetString()).Distinct().Count()));
    }

    [Fact]
    public async Task After_a_dropped_connection_the_client_reconnects_and_a_new_watch_brings_what_changed_meanwhile()
    {
        await using var proxy = new LoopbackProxy(f.Silo.BaseAddress.Port);
        var token = await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "admin");
        await using var hub = CommandCentreClient.Hub(proxy.BaseAddress, token, reconnect: true);
        var snapshots = new ConcurrentQueue<JsonElement>();
        hub.Reconnected += async _ => snapshots.Enqueue(await hub.InvokeAsync<JsonElement>("Watch", "yimen"));
        await hub.StartAsync();
        var first = await hub.InvokeAsync<JsonElement>("Watch", "yimen");
        Assert.False(HasFault(first, "yimen-L0777"));

        proxy.DropAll();
        await using (var lamp = await LampPublisher.ConnectAsync(f.Silo.MqttPort, "yimen-L0777", "demo"))
            await lamp.TelemetryAsync("yimen", "yimen-L0777", $$"""{"ts":{{Now}},"on":true,"voltage":221,"current":0.4,"leakageMa":60}""");

        await Eventually.TrueAsync(() => snapshots.Any(s => HasFault(s, "yimen-L0777")), TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    private static bool HasFault(JsonElement snapshot, string lamp) =>
        snapshot.GetProperty("lamps").EnumerateArray().Single(l => l.GetProperty("id").GetString() == lamp).GetProperty("faults").GetArrayLength() > 0;
}
