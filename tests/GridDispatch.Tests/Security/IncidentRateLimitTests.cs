using System.Net;
using System.Net.Http.Json;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>
/// New incidents are rate-limited: whistles per reporter, the same bucket however they arrive (HTTP 429 with
/// Retry-After, gRPC RESOURCE_EXHAUSTED, MQTT a refused PUBACK counted as rate_limited), and Open311 requests per key
/// and per client address (429 with Retry-After). Small limits here; the defaults are in docs/CONFIGURATION.md.
/// </summary>
public sealed class IncidentRateLimitTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("rate-limits");
    private SiloWithClient _host = null!;

    private SiloProcess Silo => _host.Silo;

    public async Task InitializeAsync() => _host = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "limits.db"),
        "--Whistles:Burst=3", "--Whistles:PerMinute=1", "--Open311:Burst=3", "--Open311:PerMinute=1", "--Open311:PerAddressPerMinute=6");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static object Whistle(string id) => new { township = "yimen", cellId = "yimen-V02", whistleId = id, category = "road", severity = "minor", text = "路面坑洼" };

    [Fact]
    public async Task Whistles_share_one_limit_per_reporter_across_http_grpc_and_mqtt()
    {
        using var http = await CommandCentreClient.HttpAsync(Silo.BaseAddress, "admin");
        for (var i = 1; i <= 3; i++) Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/whistles", Whistle($"burst-{i}"))).StatusCode);

        using var throttled = await http.PostAsJsonAsync("/api/whistles", Whistle("burst-4"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(int.Parse(throttled.Headers.GetValues("Retry-After").Single()) > 0);
        // Re-sending a whistle already taken is not a new incident and is not throttled.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/api/whistles", Whistle("burst-1"))).StatusCode);

        // The same reporter over gRPC and MQTT finds the same empty bucket.
        var grpc = await SimulatorCli.RunAsync("handheld", "--server", $"http://127.0.0.1:{Silo.GrpcPort}", "--token", "demo-admin", "whistle",
            "--township", "yimen", "--cell", "yimen-V02", "--text", "路面坑洼", "--whistle-id", "burst-grpc");
        Assert.NotEqual(0, grpc.Exit);
        Assert.Contains("ResourceExhausted", grpc.Output);
        var mqtt = await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", Silo.MqttPort.ToString(), "-u", "admin", "-P", "demo", "-i", "burst-mqtt", "-q", "1", "-V", "mqttv5",
            "-t", "gd/yimen/grid/yimen-V02/whistle", "-m", """{"whistleId":"burst-mqtt","category":"road","severity":"minor","text":"路面坑洼"}"""]);
        Assert.Contains("Implementation specific error", mqtt.Output);
        using var management = new HttpClient { BaseAddress = Silo.ManagementAddress };
        await Eventually.Holds(() => management.GetStringAsync("/metrics"), m => m.Contains("reason=\"rate_limited\""), TimeSpan.FromSeconds(30), "the MQTT refusal counted");

        // Another reporter has a bucket of their own.
        using var yimen = await CommandCentreClient.HttpAsync(Silo.BaseAddress, "yimen");
        Assert.Equal(HttpStatusCode.Created, (await yimen.PostAsJsonAsync("/api/whistles", Whistle("burst-yimen"))).StatusCode);
    }

    [Fact]
    public async Task Open311_requests_are_limited_per_key_and_per_address_with_retry_after()
    {
        using var http = new HttpClient { BaseAddress = Silo.BaseAddress };
        FormUrlEncodedContent Request() => new([
            new("api_key", "demo"), new("jurisdiction_id", "yimen"), new("service_code", "lighting"), new("description", "路灯不亮")]);
        for (var i = 1; i <= 3; i++) Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/open311/v2/requests.json", Request())).StatusCode);

        using var perKey = await http.PostAsync("/open311/v2/requests.json", Request());
        Assert.Equal(HttpStatusCode.TooManyRequests, perKey.StatusCode);
        Assert.True(int.Parse(perKey.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Contains("\"code\":429", await perKey.Content.ReadAsStringAsync());

        // Six a minute from one address, whatever the key (a wrong key too: guessing is throttled as well).
        await http.PostAsync("/open311/v2/requests.json", Request());
        await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent([new("api_key", "guess")]));
        using var perAddress = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent([new("api_key", "another-guess")]));
        Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.StatusCode);
        Assert.True(int.Parse(perAddress.Headers.GetValues("Retry-After").Single()) > 0);

        // Reading shares that budget: the list, a request's photo, the residents' status page (request ids are guessed too).
        foreach (var path in new[] { "/open311/v2/requests.json?jurisdiction_id=yimen", "/open311/v2/requests/yimen-h-x/media", "/open311/status?id=yimen-h-x" })
            Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync(path)).StatusCode);
    }
}
