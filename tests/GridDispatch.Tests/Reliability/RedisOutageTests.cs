using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// Issue 8: under the cluster profile, redis-server (membership, grain state, reminders) goes away for 30 s and
/// comes back. Meanwhile the silo says it is not ready and refuses what it cannot make durable; afterwards
/// it recovers on its own: ready again, what was acknowledged before is still there, new whistles are taken.
/// </summary>
public sealed class RedisOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("redis-outage");
    private RedisServer _redis = null!;
    private SiloProcess _silo = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _silo = await SiloProcess.StartAsync(_folder, "--profile", "cluster", "--redis", _redis.Configuration, "--demo", "--cluster-id", "outage");
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _redis.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_service_recovers_on_its_own_after_redis_is_gone_for_30_seconds()
    {
        using var ops = new HttpClient { BaseAddress = _silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Holds(() => Status(ops, "/readyz"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready at first");
        using var http = await CommandCentreClient.HttpAsync(_silo.BaseAddress, "admin");
        http.Timeout = TimeSpan.FromSeconds(10);
        var before = await WhistleAsync(http, "outage-before");
        Assert.True(before.IsSuccessStatusCode);

        await _redis.ShutDownAsync();
        var outage = Stopwatch.StartNew();
        var notReady = await Eventually.Holds(() => Status(ops, "/readyz"), s => s != HttpStatusCode.OK, TimeSpan.FromSeconds(20), "not ready while redis is down");
        var during = await WhistleAsync(http, "outage-during");
        output.WriteLine($"during the outage: /readyz {notReady}, a whistle {during.StatusCode}");
        Assert.False(during.IsSuccessStatusCode, "nothing is acknowledged that cannot be made durable");
        Assert.Equal(HttpStatusCode.OK, await Status(ops, "/healthz")); // alive, only not ready: no restart loop
        await Task.Delay(TimeSpan.FromSeconds(30) - outage.Elapsed);

        _redis = await _redis.StartAgainAsync();
        var back = Stopwatch.StartNew();
        await Eventually.Holds(() => Status(ops, "/readyz"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready again");
        var after = await Eventually.Holds(() => WhistleAsync(http, "outage-after"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "a whistle taken again");
        output.WriteLine($"recovered {back.Elapsed.TotalSeconds:F1} s after redis came back");

        var id = IncidentIds.For("yimen", IncidentSource.Whistle, "outage-before");
        var incident = await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        Assert.Equal(id, incident.GetProperty("id").GetString());
        Assert.True(after.IsSuccessStatusCode);
        Assert.False(_silo.HasExited);
    }

    private static async Task<HttpStatusCode> Status(HttpClient http, string path)
    {
        try { return (await http.GetAsync(path)).StatusCode; }
        catch (Exception) { return HttpStatusCode.ServiceUnavailable; }
    }

    private static async Task<HttpResponseMessage> WhistleAsync(HttpClient http, string whistleId)
    {
        try
        {
            return await http.PostAsJsonAsync("/api/whistles", new
            {
                whistleId, township = "yimen", cellId = "yimen-V05", by = "admin", category = "road", severity = "minor", text = "Redis 中断测试",
            });
        }
        catch (Exception)
        {
            return new HttpResponseMessage(HttpStatusCode.GatewayTimeout);
        }
    }
}
