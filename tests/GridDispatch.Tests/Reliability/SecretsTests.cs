using System.Net;
using System.Net.Http.Json;
using GridDispatch.Gateway.Mqtt;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// Issue 8: secrets never in logs. A production-like silo (no demo) is given an admin password and a device
/// secret, then signed in to (rightly and wrongly), used with the token, and connected to by a lamp with its
/// derived key (rightly and wrongly), with its own logging at Debug (ASP.NET Core's request lines stay at their
/// default, Warning: at Information they would print URLs, and SignalR's token is in one). None appears in what it printed.
/// </summary>
public sealed class SecretsTests : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("secrets");

    [Fact]
    public async Task Passwords_tokens_and_device_keys_never_reach_the_log_and_demo_credentials_open_nothing()
    {
        const string adminPassword = "Zx9-admin-Passw0rd-unique", deviceSecret = "device-secret-7f3a9c-unique", wrong = "Wr0ng-guess-unique";
        var lampKey = DeviceKeys.Derive(deviceSecret, "yimen-L0001");
        await using var silo = await SiloProcess.StartAsync(_folder, "--db", Path.Combine(_folder, "s.db"), $"--Accounts:AdminPassword={adminPassword}",
            $"--Mqtt:DeviceSecret={deviceSecret}", "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Polly=Warning");

        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/login", new { username = "admin", password = wrong })).StatusCode);
        using var login = await http.PostAsJsonAsync("/api/login", new { username = "admin", password = adminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/me")).StatusCode);
        // SignalR carries the token in the query string (browsers cannot set WebSocket headers).
        using (var anonymous = new HttpClient { BaseAddress = silo.BaseAddress })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsync($"/hubs/command-centre/negotiate?negotiateVersion=1&access_token={token}", null)).StatusCode);
        await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", silo.MqttPort.ToString(), "-u", "yimen-L0001", "-P", lampKey, "-i", "k1", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0001/telemetry", "-m", "{}"]);
        await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", silo.MqttPort.ToString(), "-u", "yimen-L0001", "-P", wrong, "-i", "k2", "-q", "1", "-t", "gd/yimen/lamp/yimen-L0001/telemetry", "-m", "{}"]);
        await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", silo.MqttPort.ToString(), "-u", "admin", "-P", adminPassword, "-i", "k3", "-q", "1", "-t", "gd/x", "-m", "{}"]);
        // Without --demo, the demo's passwords open nothing: not the county's login, not a lamp's MQTT connection.
        using (var anonymous = new HttpClient { BaseAddress = silo.BaseAddress })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/login", new { username = "admin", password = "demo" })).StatusCode);
        Assert.NotEqual(0, (await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", silo.MqttPort.ToString(), "-u", "yimen-L0002", "-P", "demo", "-i", "k4", "-q", "1",
            "-t", "gd/yimen/lamp/yimen-L0002/telemetry", "-m", "{}"])).ExitCode);
        await Task.Delay(500);

        var printed = silo.AllOutput;
        Assert.Contains("Now listening on", printed); // what it printed was captured
        foreach (var secret in new[] { adminPassword, deviceSecret, wrong, lampKey, token, token["gd_".Length..] })
            Assert.DoesNotContain(secret, printed);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
