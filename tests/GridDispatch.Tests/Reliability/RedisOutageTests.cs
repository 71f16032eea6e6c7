using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// Under the cluster profile, redis-server (membership, grain state, reminders) goes away for 20 s, stopped
/// cleanly or killed with SIGKILL, and comes back. Whistles are sent all through the outage: each is answered
/// (503 with Retry-After, never a hang or a dropped connection) and none is acknowledged that is not durable;
/// afterwards the silo recovers on its own: ready again, every acknowledged whistle is there, new ones are taken.
/// </summary>
public sealed class RedisOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>How long whistles keep coming once the silo has noticed the outage (it stays down meanwhile).</summary>
    private static readonly TimeSpan WhistlingThrough = TimeSpan.FromSeconds(6);
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

    [Theory]
    [InlineData("shutdown")]
    [InlineData("sigkill")]
    public async Task The_service_refuses_with_503_during_a_redis_outage_and_recovers_on_its_own(string how)
    {
        using var ops = new HttpClient { BaseAddress = _silo.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Holds(() => Status(ops, "/readyz"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready at first");
        using var http = await CommandCentreClient.HttpAsync(_silo.BaseAddress, "admin");
        http.Timeout = TimeSpan.FromSeconds(15);
        var acknowledged = new List<string>();
        var before = await WhistleAsync(http, $"{how}-before");
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        acknowledged.Add($"{how}-before");

        if (how == "sigkill") _redis.KillHard();
        else await _redis.ShutDownAsync();
        var notReady = await Eventually.Holds(() => Status(ops, "/readyz"), s => s != HttpStatusCode.OK, TimeSpan.FromSeconds(20), "not ready while redis is down");
        var outage = Stopwatch.StartNew();

        // Whistles all through the outage: every one answered in time, with a status the docs name.
        var answers = new Dictionary<HttpStatusCode, int>();
        for (var i = 0; outage.Elapsed < WhistlingThrough; i++)
        {
            var id = $"{how}-during-{i}";
            using var response = await WhistleAsync(http, id); // throws (fails the test) on a hang or a dropped connection
            answers[response.StatusCode] = answers.GetValueOrDefault(response.StatusCode) + 1;
            if (response.IsSuccessStatusCode)
            {
                acknowledged.Add(id); // taken before the silo noticed: it must then be durable
                continue;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            await Task.Delay(1_000);
        }

        output.WriteLine($"{how}: /readyz {notReady}; whistles during the outage: {string.Join(", ", answers.Select(a => $"{(int)a.Key}×{a.Value}"))}");
        Assert.True(answers.GetValueOrDefault(HttpStatusCode.ServiceUnavailable) > 0, "whistles were refused during the outage");
        Assert.Equal(HttpStatusCode.OK, await Status(ops, "/healthz")); // alive, only not ready: no restart loop

        _redis = await _redis.StartAgainAsync();
        var back = Stopwatch.StartNew();
        await Eventually.Holds(() => Status(ops, "/readyz"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready again");
        var after = await Eventually.Holds(() => AfterwardsAsync(http, $"{how}-after"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "a whistle taken again");
        acknowledged.Add($"{how}-after");
        output.WriteLine($"recovered {back.Elapsed.TotalSeconds:F1} s after redis came back");

        foreach (var whistle in acknowledged)
        {
            var id = IncidentIds.For("yimen", IncidentSource.Whistle, whistle);
            var incident = await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
            Assert.Equal(id, incident.GetProperty("id").GetString());
        }

        Assert.False(_silo.HasExited);
    }

    private static async Task<HttpStatusCode> Status(HttpClient http, string path)
    {
        try { return (await http.GetAsync(path)).StatusCode; }
        catch (Exception) { return HttpStatusCode.ServiceUnavailable; }
    }

    /// <summary>While the silo finds its feet again a call may still time out: that is not the outage's answer, so it is only retried.</summary>
    private static async Task<HttpResponseMessage> AfterwardsAsync(HttpClient http, string whistleId)
    {
        try { return await WhistleAsync(http, whistleId); }
        catch (TaskCanceledException) { return new HttpResponseMessage(HttpStatusCode.GatewayTimeout); }
    }

    private static Task<HttpResponseMessage> WhistleAsync(HttpClient http, string whistleId) =>
        http.PostAsJsonAsync("/api/whistles", new
        {
            whistleId, township = "yimen", cellId = "yimen-V05", by = "admin", category = "road", severity = "minor", text = "Redis 中断测试",
        });
}
