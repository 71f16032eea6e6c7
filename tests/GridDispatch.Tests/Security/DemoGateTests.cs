using System.Net;
using System.Net.Http.Json;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>
/// Every demo credential opens something only under <c>--demo</c>: the demo passwords (HTTP login and MQTT), the
/// <c>demo-{login}</c> gRPC tokens, a lamp's password <c>demo</c>, the Open311 key <c>demo</c>. Checked on a fresh
/// database and on one first seeded under <c>--demo</c> (whose demo accounts are still in it).
/// </summary>
public sealed class DemoGateTests : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("demo-gates");

    /// <summary>What each demo path answers: true where it let the caller in.</summary>
    private static async Task<Dictionary<string, bool>> DemoPathsAsync(SiloProcess silo)
    {
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        async Task<bool> Login(string user) => (await http.PostAsJsonAsync("/api/login", new { username = user, password = "demo" })).IsSuccessStatusCode;
        async Task<bool> Mqtt(string user, string topic, string payload) => (await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", silo.MqttPort.ToString(),
            "-u", user, "-P", "demo", "-i", $"gate-{user}", "-q", "1", "-V", "mqttv5", "-t", topic, "-m", payload])).ExitCode == 0;
        var grpc = await SimulatorCli.RunAsync("handheld", "--server", $"http://127.0.0.1:{silo.GrpcPort}", "--token", "demo-admin", "whistle",
            "--township", "yimen", "--cell", "yimen-V01", "--text", "演示", "--whistle-id", $"gate-{Guid.NewGuid():N}");
        using var open311 = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent([
            new("api_key", "demo"), new("jurisdiction_id", "yimen"), new("service_code", "lighting"), new("description", "演示")]));
        return new()
        {
            ["yimen/demo login"] = await Login("yimen"),
            ["admin/demo login"] = await Login("admin"),
            ["demo-admin gRPC token"] = grpc.Exit == 0,
            ["lamp/demo MQTT"] = await Mqtt("yimen-L0002", "gd/yimen/lamp/yimen-L0002/telemetry", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true}"""),
            ["admin/demo MQTT"] = await Mqtt("admin", "gd/yimen/grid/yimen-V01/whistle", """{"whistleId":"gate-mqtt","category":"road","severity":"minor","text":"演示"}"""),
            ["Open311 key demo"] = open311.IsSuccessStatusCode,
        };
    }

    [Fact]
    public async Task Demo_credentials_open_nothing_on_a_database_first_seeded_under_demo()
    {
        var db = Path.Combine(_folder, "seeded.db");
        await using (var demo = await SiloProcess.StartAsync(_folder, "--demo", "--db", db))
        {
            // Under --demo each path works: the refusals below are the gate's, not a broken path's.
            var open = await DemoPathsAsync(demo);
            Assert.All(open, path => Assert.True(path.Value, $"{path.Key} under --demo"));
            await demo.StopAsync(TimeSpan.FromSeconds(30));
        }

        await using var production = await SiloProcess.StartAsync(_folder, "--db", db);
        var closed = await DemoPathsAsync(production);
        Assert.All(closed, path => Assert.False(path.Value, $"{path.Key} without --demo"));
    }

    [Fact]
    public async Task Demo_credentials_open_nothing_on_a_fresh_database()
    {
        await using var production = await SiloProcess.StartAsync(_folder, "--db", Path.Combine(_folder, "fresh.db"));
        var closed = await DemoPathsAsync(production);
        Assert.All(closed, path => Assert.False(path.Value, $"{path.Key} without --demo"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
