using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Simulators.Lamps;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>
/// 群控 to 益门镇's 800 lamps, simulated here over real MQTT (the demo silo's embedded broker): a tenth of them
/// are offline when it is sent and get it when they reconnect; the count reaches 100 %, each lamp sent it once.
/// </summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class GroupCommandOverMqttTests(DemoSiloFixture f, ITestOutputHelper output)
{
    [Fact]
    public async Task A_group_command_to_800_lamps_with_a_tenth_offline_converges_once_they_reconnect()
    {
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var random = new Random(19);
        var behaviour = new LampBehaviour { AlwaysNight = true, FaultRate = 0 };
        var lamps = DemoTownships.Yimen().Lamps.Select(l => new SimulatedLamp("yimen", l.Id, l.RatedWatts, behaviour, new Random(random.Next()))).ToList();
        var offline = lamps.Where((_, i) => i % 10 == 3).ToList();
        await using var fleet = new Fleet(lamps);
        // 720 lamps on the broker; the other 80 off it, and the platform knows (as their wills would have told it).
        await Connect(lamps.Except(offline));
        foreach (var lamp in offline) await f.Grains.GetGrain<IStreetlightGrain>(lamp.Id).ReportConnection(online: false, DateTimeOffset.UtcNow);

        // On at 100 %: what the demo's lamps burn at anyway, so the tests after this one see the same township.
        var clock = Stopwatch.StartNew();
        var sent = await admin.PostAsJsonAsync("/api/townships/yimen/lighting/group-commands", new { target = "Township", action = "On" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var started = await sent.Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal((800, 80), (started.GetProperty("total").GetInt32(), started.GetProperty("pending").GetInt32()));
        Task<JsonElement> Progress() => admin.GetFromJsonAsync<JsonElement>($"/api/townships/yimen/lighting/group-commands/{id}");

        await Eventually.Holds(Progress, p => p.GetProperty("acknowledged").GetInt32() == 720, TimeSpan.FromSeconds(30), "the 720 connected lamps acknowledged");
        var online = clock.Elapsed;
        Assert.Equal(80, (await Progress()).GetProperty("pending").GetInt32());
        Assert.All(offline, lamp => Assert.Equal(0, lamp.Commands)); // held for them, not sent into the void

        await Connect(offline); // each says "online" as it connects: its part goes out
        var done = await Eventually.Holds(Progress, p => p.GetProperty("acknowledged").GetInt32() == 800, TimeSpan.FromSeconds(30), "every lamp acknowledged once back");
        Assert.Equal((100.0, 0, 0), (done.GetProperty("percent").GetDouble(), done.GetProperty("failed").GetInt32(), done.GetProperty("sent").GetInt32()));
        output.WriteLine($"720 online lamps acknowledged {online.TotalSeconds:0.0} s after sending; all 800 {clock.Elapsed.TotalSeconds:0.0} s after");

        // Every lamp was sent the command exactly once, and asking one again sends nothing.
        Assert.All(lamps, lamp => Assert.Equal(1, lamp.Commands));
        var key = GroupCommandKeys.For("yimen", id);
        Assert.Equal(LampCommandStatus.Acknowledged, await f.Grains.GetGrain<IStreetlightGrain>(offline[0].Id).GetGroupPart(key));
        Assert.Equal(LampCommandResult.Nothing, await f.Grains.GetGrain<IStreetlightGrain>(lamps[0].Id).RunGroupCommand(key, LampCommandType.SetBrightness, 100, [], "admin"));
    }

    private async Task Connect(IEnumerable<SimulatedLamp> lamps)
    {
        foreach (var batch in lamps.Chunk(100))
            await Task.WhenAll(batch.Select(l => l.ConnectAsync("127.0.0.1", f.Silo.MqttPort, "demo", CancellationToken.None)));
    }

    private sealed class Fleet(IEnumerable<SimulatedLamp> lamps) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Task.WhenAll(lamps.Select(l => l.DisposeAsync().AsTask()));
    }
}
