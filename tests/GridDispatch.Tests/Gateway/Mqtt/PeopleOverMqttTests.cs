using System.Text.Json;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Mqtt;

/// <summary>Grid leaders and responders on the embedded broker (mosquitto clients, real silo, <c>--demo</c>): whistles in scope only, work orders on their own topic only.</summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class PeopleOverMqttTests(DemoSiloFixture f)
{
    private string[] As(string user, string clientId, params string[] rest) =>
        ["-h", "127.0.0.1", "-p", f.Silo.MqttPort.ToString(), "-u", user, "-P", "demo", "-i", clientId, .. rest];

    private static string Whistle(string id, string by) =>
        $$"""{"whistleId":"{{id}}","by":"{{by}}","category":"road","severity":"minor","text":"路口积水","ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}""";

    [Fact]
    public async Task A_grid_leader_whistles_over_mqtt_for_their_own_cell_but_not_for_another_nor_another_township()
    {
        var info = await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo();
        var groups = info!.CellTree.Where(c => c.Level == CellLevel.Group && c.LeaderId is not null).ToList();
        var (own, other) = (groups[0], groups.First(g => g.LeaderId != groups[0].LeaderId && g.ParentKey != groups[0].ParentKey));
        var leader = groups[0].LeaderId!;

        var mine = await Mosquitto.PubAsync(As(leader, "leader-1", "-q", "1", "-V", "mqttv5", "-t", $"gd/yimen/grid/{own.CellId}/whistle", "-m", Whistle("mqtt-own", leader)));
        var theirs = await Mosquitto.PubAsync(As(leader, "leader-2", "-q", "1", "-V", "mqttv5", "-t", $"gd/yimen/grid/{other.CellId}/whistle", "-m", Whistle("mqtt-other", leader)));
        var elsewhere = await Mosquitto.PubAsync(As(leader, "leader-3", "-q", "1", "-V", "mqttv5", "-t", "gd/zhangguan/grid/zg-P01/whistle", "-m", Whistle("mqtt-far", leader)));

        Assert.Equal(0, mine.ExitCode);
        Assert.NotNull(await f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.Whistle, "mqtt-own")).Get());
        Assert.Contains("Not authorized", theirs.Output);
        Assert.Contains("Not authorized", elsewhere.Output);
        Assert.Null(await f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("yimen", IncidentSource.Whistle, "mqtt-other")).Get());
        Assert.Null(await f.Grains.GetGrain<IIncidentGrain>(IncidentIds.For("zhangguan", IncidentSource.Whistle, "mqtt-far")).Get());
    }

    [Fact]
    public async Task Work_orders_go_out_on_the_responders_assignment_topic_which_only_that_responder_may_read()
    {
        var everyone = Mosquitto.SubAsync(TimeSpan.FromSeconds(15), As("admin", "cc-sub", "-q", "1", "-t", "gd/yimen/responder/+/assignment", "-C", "1", "-v"));
        await Task.Delay(500);
        var blown = await Mosquitto.PubAsync(As("admin", "cc-pub", "-q", "1", "-t", "gd/yimen/grid/yimen-V02/whistle", "-m", Whistle("mqtt-assign", "admin")));
        Assert.Equal(0, blown.ExitCode);

        var received = await everyone;
        var line = received.Output.Trim().Split('\n').First(l => l.StartsWith("gd/yimen/responder/"));
        var (topic, json) = (line[..line.IndexOf(' ')], line[(line.IndexOf(' ') + 1)..]);
        var order = JsonDocument.Parse(json).RootElement;
        Assert.Equal("offered", order.GetProperty("type").GetString());
        Assert.Equal(IncidentIds.For("yimen", IncidentSource.Whistle, "mqtt-assign"), order.GetProperty("incidentId").GetString());
        var responder = order.GetProperty("responderId").GetString()!;
        Assert.Equal($"gd/yimen/responder/{responder}/assignment", topic);

        var other = responder == "yimen-T01" ? "yimen-T02" : "yimen-T01";
        var ownTopic = await Mosquitto.SubAsync(TimeSpan.FromSeconds(2), As(responder, "resp-own", "-t", $"gd/yimen/responder/{responder}/assignment", "-C", "1"));
        var eavesdrop = await Mosquitto.SubAsync(TimeSpan.FromSeconds(2), As(responder, "resp-other", "-t", $"gd/yimen/responder/{other}/assignment", "-C", "1"));
        Assert.DoesNotContain("denied", ownTopic.Output);
        Assert.Contains("denied", eavesdrop.Output);
    }
}
