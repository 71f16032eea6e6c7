using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Open311;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>
/// Open311 without the demo: the county issues a key for named townships (shown once, stored only as a SHA-256),
/// the hotline files with it there and nowhere else, and a revoked key files nothing. Only county accounts manage keys.
/// </summary>
public sealed class Open311KeyTests : IAsyncLifetime
{
    private const string CountyPassword = "County-Ops-Passw0rd-91", TownshipPassword = "Yimen-Ops-Passw0rd-37";
    private readonly string _folder = RepositoryPaths.NewTempFolder("open311-keys");
    private SiloWithClient _host = null!;

    public async Task InitializeAsync()
    {
        // The demo townships, then a production start on the same database (no demo key, no demo logins).
        var db = Path.Combine(_folder, "keys.db");
        await DemoDatabase.CopyToAsync(db);
        _host = await SiloWithClient.StartAsync(_folder, "--db", db);
        await _host.Grains.GetGrain<IAccountGrain>("county-ops").Set(new AccountProfile { Name = "county-ops", DisplayName = "县运维", Role = AccountRole.County }, CountyPassword);
        await _host.Grains.GetGrain<IAccountGrain>("yimen-ops").Set(
            new AccountProfile { Name = "yimen-ops", DisplayName = "益门镇运维", Role = AccountRole.Township, Township = "yimen" }, TownshipPassword);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<HttpClient> SignedInAsync(string user, string password)
    {
        var http = new HttpClient { BaseAddress = _host.Silo.BaseAddress };
        using var login = await http.PostAsJsonAsync("/api/login", new { username = user, password });
        login.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return http;
    }

    private async Task<HttpStatusCode> FileAsync(string key, string township)
    {
        using var http = new HttpClient { BaseAddress = _host.Silo.BaseAddress };
        using var response = await http.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent([
            new("api_key", key), new("jurisdiction_id", township), new("service_code", "lighting"), new("description", "路灯不亮")]));
        return response.StatusCode;
    }

    [Fact]
    public async Task A_county_key_files_only_in_its_townships_is_kept_only_as_a_hash_and_ends_when_revoked()
    {
        using var county = await SignedInAsync("county-ops", CountyPassword);
        using var township = await SignedInAsync("yimen-ops", TownshipPassword);
        using var anonymous = new HttpClient { BaseAddress = _host.Silo.BaseAddress };
        var request = new { label = "12345 热线", townships = new[] { "yimen" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/open311/keys", request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await township.PostAsJsonAsync("/api/open311/keys", request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await township.GetAsync("/api/open311/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await county.PostAsJsonAsync("/api/open311/keys", new { label = "x", townships = new[] { "atlantis" } })).StatusCode);

        using var issued = await county.PostAsJsonAsync("/api/open311/keys", request);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var (key, id) = (body.GetProperty("key").GetString()!, body.GetProperty("id").GetString()!);

        Assert.Equal(HttpStatusCode.OK, await FileAsync(key, "yimen"));
        Assert.Equal(HttpStatusCode.Forbidden, await FileAsync(key, "zhangguan"));
        Assert.Equal(HttpStatusCode.Forbidden, await FileAsync("demo", "yimen"));
        Assert.Equal(HttpStatusCode.Forbidden, await FileAsync(key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), "yimen"));

        // At rest: neither the listing nor the database holds the key itself.
        var listed = await county.GetStringAsync("/api/open311/keys");
        Assert.Contains(id, listed);
        Assert.DoesNotContain(key, listed);
        Assert.DoesNotContain(key, JsonSerializer.Serialize(await _host.Grains.GetGrain<IOpen311KeysGrain>(IOpen311KeysGrain.Deployment).List()));
        foreach (var file in Directory.GetFiles(_folder, "keys.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            Assert.DoesNotContain(key[GridDispatch.Gateway.Open311.Open311Keys.Prefix.Length..], Encoding.ASCII.GetString(bytes.ToArray()));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await county.DeleteAsync($"/api/open311/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await FileAsync(key, "yimen"));
        Assert.Equal(HttpStatusCode.NotFound, (await county.DeleteAsync($"/api/open311/keys/{id}")).StatusCode);
    }
}
