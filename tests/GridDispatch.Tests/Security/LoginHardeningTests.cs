using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Security;

/// <summary>Finding 5: account names in one form, login timing, oversized login bodies, and repeated hub <c>Watch</c> calls.</summary>
[Collection(SecuritySiloCollection.Name)]
public sealed class LoginHardeningTests(SecuritySilo s, ITestOutputHelper output)
{
    [Theory]
    [InlineData("admin\u200b")] // zero-width space
    [InlineData("adm\u0130n")] // Turkish dotted capital I
    [InlineData("\u0430dmin")] // Cyrillic a
    [InlineData("admin ")]
    [InlineData("a..b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    public async Task Names_with_invisible_look_alike_or_path_characters_are_refused(string name)
    {
        using var admin = s.From("127.0.0.1", await s.TokenAsync("admin"));
        var put = await admin.PutAsJsonAsync($"/api/accounts/{Uri.EscapeDataString(name)}", new { role = "County", password = "look-alike-pass" });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.LoginAsync("127.0.0.7", name, "demo")).StatusCode);
    }

    [Fact]
    public async Task Full_width_and_upper_case_names_are_the_same_account()
    {
        using var admin = s.From("127.0.0.1", await s.TokenAsync("admin"));
        var put = await admin.PutAsJsonAsync($"/api/accounts/{Uri.EscapeDataString("ＯＰＳ－ｆｗ")}", new { role = "Township", township = "yimen", password = "full-width-pass" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("ops-fw", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await s.LoginAsync("127.0.0.1", "OPS-FW", "full-width-pass")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_name_takes_as_long_as_a_wrong_password()
    {
        using var admin = s.From("127.0.0.1", await s.TokenAsync("admin"));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/accounts/timing-real", new { role = "Township", township = "yimen", password = "timing-real-pass" })).StatusCode);

        // Interleaved, so a busy moment of the machine (other tests run beside this one) falls on both kinds alike.
        var (wrongTimes, unknownTimes) = (new List<double>(), new List<double>());
        for (var i = 0; i < 5; i++)
        {
            wrongTimes.Add(await TimeLogin("timing-real", i));
            unknownTimes.Add(await TimeLogin($"timing-nobody-{i}", i));
        }

        async Task<double> TimeLogin(string name, int i)
        {
            var clock = Stopwatch.StartNew();
            // One address a round: five failures from one address would lock the real account (a different answer).
            Assert.Equal(HttpStatusCode.Unauthorized, (await s.LoginAsync($"127.0.8.{i + 1}", name, $"wrong-{i}")).StatusCode);
            return clock.Elapsed.TotalMilliseconds;
        }

        var (wrong, unknown) = (wrongTimes.Order().ElementAt(2), unknownTimes.Order().ElementAt(2));
        output.WriteLine($"median login: wrong password {wrong:F0} ms, unknown name {unknown:F0} ms");
        Assert.True(unknown > wrong / 2, $"unknown name {unknown:F0} ms vs wrong password {wrong:F0} ms");
    }

    [Fact]
    public async Task An_oversized_login_body_is_refused_with_413()
    {
        using var http = s.From("127.0.0.9");
        var body = $$"""{"username":"admin","password":"{{new string('x', 100_000)}}"}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync("/api/login", content)).StatusCode);
    }

    [Fact]
    public async Task Repeated_watch_calls_are_throttled()
    {
        using (var admin = s.From("127.0.0.1", await s.TokenAsync("admin")))
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/accounts/watcher", new { role = "Township", township = "zhangguan", password = "watcher-pass-1" })).StatusCode);
        await using var hub = CommandCentreClient.Hub(s.Silo.BaseAddress, await s.TokenAsync("watcher", "watcher-pass-1"));
        await hub.StartAsync();
        var (served, refused) = (0, 0);
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await hub.InvokeAsync<JsonElement>("Watch", "zhangguan");
                served++;
            }
            catch (HubException e) when (e.Message.Contains("too many", StringComparison.Ordinal))
            {
                refused++;
            }
        }

        output.WriteLine($"{served} Watch calls served, {refused} refused");
        Assert.True(refused > 0, "20 Watch calls in a row were all served");
        Assert.True(served >= 1);
    }
}
