using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>Guessing MQTT passwords: failures are limited per address and per address and username; a throttled CONNECT is refused unchecked.</summary>
public sealed class MqttLoginThrottleTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("mqtt-throttle");
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await SiloProcess.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "throttle.db"), "--Mqtt:FailedConnectsPerAddress=20", "--Mqtt:FailedConnectsPerUser=5");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private const int Success = 0x00, BadLogin = 0x86, RateExceeded = 0x9F;

    /// <summary>An MQTT 5 CONNECT; the CONNACK's reason code (or -1 if the broker hung up without one).</summary>
    private async Task<int> Login(string user, string password)
    {
        await using var client = await RawMqtt.OpenAsync(_silo.MqttPort);
        await client.SendAsync(RawMqtt.Connect(5, $"{user}-{Guid.NewGuid():N}"[..30], user, password));
        return await client.ReadAsync(TimeSpan.FromSeconds(10)) is { Header: 0x20 } connack ? connack.Body[1] : -1;
    }

    [Fact]
    public async Task Failed_connects_are_throttled_per_username_then_per_address_and_a_throttled_attempt_is_refused_unchecked()
    {
        // Per address and username: the 6th guess at one account is refused as throttled, even with the right password.
        for (var i = 0; i < 5; i++) Assert.Equal(BadLogin, await Login("yimen-T09", $"guess{i}"));
        Assert.Equal(RateExceeded, await Login("yimen-T09", "demo"));
        // Another login from the same address is still served.
        Assert.Equal(Success, await Login("yimen-T10", "demo"));

        // Per address: 20 failures over any usernames, then every CONNECT from here waits, a right one too.
        // Well past the allowance: a failure costs a sign-in check (a dummy hash), so the bucket refills a little meanwhile.
        for (var i = 0; i < 40; i++) await Login($"nobody-{i}", "demo");
        var results = new List<int>();
        for (var i = 0; i < 5; i++) results.Add(await Login("yimen-T11", "demo"));
        Assert.Contains(RateExceeded, results);

        using var http = new HttpClient { BaseAddress = _silo.ManagementAddress };
        Assert.Contains("reason=\"throttled\"", await http.GetStringAsync("/metrics"));
    }
}
