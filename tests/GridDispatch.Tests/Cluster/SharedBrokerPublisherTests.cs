using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Cluster;

/// <summary>
/// Two gateways on one mosquitto, as behind a load balancer: every lamp command and every work order goes
/// out once, not once per gateway; and when the gateway that sends them is killed, the other takes over.
/// </summary>
public sealed class SharedBrokerPublisherTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LocalCluster _cluster = null!;
    private SiloProcess _secondGateway = null!;

    public async Task InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(silos: 1);
        _secondGateway = await SiloProcess.StartAsync(_cluster.Folder, "--profile", "cluster", "--redis", $"127.0.0.1:{_cluster.RedisPort}",
            "--cluster-id", "local", "--demo", "--roles", "gateway", "--Mqtt:Embedded=false", $"--Mqtt:External:Port={_cluster.MqttPort}",
            $"--Mqtt:External:Username={LocalCluster.GatewayUser}", $"--Mqtt:External:Password={LocalCluster.GatewayPassword}",
            "--Mqtt:External:ClientId=gateway-2");
    }

    public async Task DisposeAsync()
    {
        await _secondGateway.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Each_lamp_command_and_work_order_is_published_once_and_the_other_gateway_takes_over()
    {
        var grains = await _cluster.ClientAsync();
        using var http = await CommandCentreClient.HttpAsync(_cluster.Gateway, "admin");

        // Both gateways are up and subscribed to every domain event: only one may send.
        // mosquitto_sub listens for a fixed window: everything sent below arrives within seconds, and so would a second copy.
        var heard = Listen(TimeSpan.FromSeconds(10));
        await Task.Delay(1_500); // mosquitto_sub is subscribed
        for (var i = 1; i <= 10; i++)
            Assert.Null((await grains.GetGrain<IStreetlightGrain>($"yimen-L{i:0000}").SetBrightness(40 + i, "test")).Error);
        for (var i = 0; i < 3; i++)
        {
            var whistle = await http.PostAsJsonAsync("/api/whistles", new
            {
                whistleId = $"lease-{i}", township = "yimen", cellId = "yimen-V03", by = "admin", category = "lighting", severity = "minor", text = "路灯不亮",
            });
            Assert.True(whistle.IsSuccessStatusCode, $"whistle {i}: {whistle.StatusCode}");
        }

        var first = Count(await heard);
        output.WriteLine($"two gateways: {first.Commands.Count} commands, {first.Offers.Count} offers; most copies of one: {first.MostCopies}");
        Assert.Equal(10, first.Commands.Count);
        Assert.True(first.Offers.Count >= 3, $"each whistle offered to someone: {first.Offers.Count}");
        Assert.Equal(1, first.MostCopies);

        // The sender dies; once its lease lapses the other gateway sends, still once.
        var sender = await MetricAsync(_secondGateway.ManagementAddress) == 1 ? "gateway-2" : "gateway";
        if (sender == "gateway") _cluster.Kill("gateway");
        else _secondGateway.Kill();
        var survivor = sender == "gateway" ? _secondGateway.ManagementAddress : _cluster.GatewayManagement;
        await Eventually.Holds(() => MetricAsync(survivor), held => held == 1, TimeSpan.FromSeconds(30), "the other gateway takes the lease once its term (9 s) lapses");
        heard = Listen(TimeSpan.FromSeconds(6));
        await Task.Delay(1_500);
        for (var i = 11; i <= 20; i++)
            Assert.Null((await grains.GetGrain<IStreetlightGrain>($"yimen-L{i:0000}").SetBrightness(40 + i, "test")).Error);
        var after = Count(await heard);
        output.WriteLine($"after killing {sender}: {after.Commands.Count} commands; most copies of one: {after.MostCopies}");
        Assert.Equal(10, after.Commands.Count);
        Assert.Equal(1, after.MostCopies);
    }

    private Task<Mosquitto.Result> Listen(TimeSpan time) => Mosquitto.SubAsync(time, "-h", "127.0.0.1", "-p", _cluster.MqttPort.ToString(),
        "-u", LocalCluster.GatewayUser, "-P", LocalCluster.GatewayPassword, "-i", $"listener-{Guid.NewGuid():N}", "-q", "1", "-v",
        "-t", "gd/yimen/lamp/+/cmd", "-t", "gd/yimen/responder/+/assignment");

    private sealed record Heard(Dictionary<string, int> Commands, Dictionary<string, int> Offers)
    {
        public int MostCopies => Commands.Values.Concat(Offers.Values).DefaultIfEmpty(0).Max();
    }

    /// <summary>Copies of each command (by cmdId) and each offer (by incident and responder) that the broker delivered.</summary>
    private static Heard Count(Mosquitto.Result result)
    {
        var heard = new Heard([], []);
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ');
            if (space < 0 || !line[(space + 1)..].StartsWith('{')) continue;
            var (topic, json) = (line[..space], JsonDocument.Parse(line[(space + 1)..]).RootElement);
            if (topic.EndsWith("/cmd", StringComparison.Ordinal))
                Add(heard.Commands, json.GetProperty("cmdId").GetString()!);
            else if (json.GetProperty("type").GetString() == "offered")
                Add(heard.Offers, $"{json.GetProperty("incidentId").GetString()}→{json.GetProperty("responderId").GetString()}");
        }

        return heard;

        static void Add(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
    }

    /// <summary>griddispatch_mqtt_publisher from a gateway's /metrics (its management listener): 1 while it holds the lease.</summary>
    private static async Task<int> MetricAsync(Uri gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        var text = await http.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("griddispatch_mqtt_publisher", StringComparison.Ordinal));
        return line is null ? -1 : (int)double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
