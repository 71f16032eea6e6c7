using System.Net;
using GridDispatch.Grains.Demo;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>
/// Finding 3: wrong passwords slow down whoever sends them — per address, and per address and account — and
/// never lock the real owner out: not from another address, not over MQTT, not by many addresses at once.
/// </summary>
[Collection(SecuritySiloCollection.Name)]
public sealed class SignInThrottleTests(SecuritySilo s)
{
    private static readonly string[] Teams = [.. DemoTownships.Yimen().Responders.Select(r => r.Id.ToLowerInvariant())];

    [Fact]
    public async Task A_strangers_wrong_passwords_throttle_the_stranger_not_the_owner()
    {
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await s.LoginAsync("127.0.0.2", "zhangguan", $"guess-{i}")).StatusCode);
        var stranger = await s.LoginAsync("127.0.0.2", "zhangguan", "demo");
        Assert.Equal(HttpStatusCode.TooManyRequests, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.LoginAsync("127.0.0.1", "zhangguan", "demo")).StatusCode);
        Assert.True(stranger.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a throttled login says when to come back");
    }

    [Fact]
    public async Task Wrong_mqtt_passwords_do_not_lock_the_account_on_http()
    {
        var account = Teams[3];
        for (var i = 0; i < 6; i++)
        {
            // From a stranger's address (mosquitto_pub -A binds the outgoing socket).
            var refused = await Mosquitto.PubAsync("-A", "127.0.0.5", "-h", "127.0.0.1", "-p", s.Silo.MqttPort.ToString(), "-u", account, "-P", $"guess-{i}",
                "-i", $"guess-{i}", "-t", "x", "-m", "x");
            Assert.NotEqual(0, refused.ExitCode);
        }

        // The owner, elsewhere, signs in; the guesser's address is held back on HTTP too (the same allowance on every protocol).
        Assert.Equal(HttpStatusCode.OK, (await s.LoginAsync("127.0.0.1", account, "demo")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await s.LoginAsync("127.0.0.5", account, "demo")).StatusCode);
    }

    [Fact]
    public async Task One_address_guessing_across_many_names_is_throttled_except_for_an_account_it_signed_in_to_before()
    {
        var (known, unknown) = (Teams[4], Teams[5]);
        Assert.Equal(HttpStatusCode.OK, (await s.LoginAsync("127.0.0.4", known, "demo")).StatusCode);
        // Password spraying: one guess per name, never five at one account.
        for (var i = 0; i < 30; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await s.LoginAsync("127.0.0.4", $"sprayed-{i}", "Winter2026!")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await s.LoginAsync("127.0.0.4", unknown, "demo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.LoginAsync("127.0.0.4", known, "demo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.LoginAsync("127.0.0.1", unknown, "demo")).StatusCode);
    }

    [Fact]
    public async Task Guessing_from_many_addresses_keeps_new_addresses_out_but_not_the_owners_own()
    {
        var account = Teams[6];
        Assert.Equal(HttpStatusCode.OK, (await s.LoginAsync("127.0.0.1", account, "demo")).StatusCode);
        for (var a = 1; a <= 10; a++)
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await s.LoginAsync($"127.0.1.{a}", account, $"guess-{a}-{i}")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await s.LoginAsync("127.0.1.50", account, "demo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.LoginAsync("127.0.0.1", account, "demo")).StatusCode);
    }
}
