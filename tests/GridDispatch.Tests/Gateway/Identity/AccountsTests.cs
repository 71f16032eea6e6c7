using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Identity;

/// <summary>Logins, tokens and scopes on the real silo process (<c>--demo</c>): revocation, throttling, and a village kept to its own cells.</summary>
public sealed class AccountsTests(DemoSiloFixture f) : IClassFixture<DemoSiloFixture>
{
    private HttpClient With(string token)
    {
        var http = new HttpClient { BaseAddress = f.Silo.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    [Fact]
    public async Task Logging_out_ends_the_token_and_a_new_password_ends_every_older_one()
    {
        using (var yimen = With(await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "yimen")))
        {
            Assert.Equal(HttpStatusCode.OK, (await yimen.GetAsync("/api/me")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await yimen.PostAsync("/api/logout", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await yimen.GetAsync("/api/me")).StatusCode);
        }

        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        var created = await admin.PutAsJsonAsync("/api/accounts/ops1", new { role = "Township", township = "yimen", displayName = "值班员", password = "first-password-1" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var ops = With(await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "ops1", "first-password-1"));
        Assert.Equal("township", (await ops.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/accounts/ops1", new { role = "Township", township = "yimen", password = "second-password-2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ops.GetAsync("/api/me")).StatusCode);
        using var again = With(await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, "ops1", "second-password-2"));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).StatusCode);
        // A township account cannot make a county one.
        Assert.Equal(HttpStatusCode.Forbidden, (await again.PutAsJsonAsync("/api/accounts/boss", new { role = "County", password = "some-password-3" })).StatusCode);
    }

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_for_a_while()
    {
        using var http = new HttpClient { BaseAddress = f.Silo.BaseAddress };
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/login", new { username = "zhangguan", password = $"guess{i}" })).StatusCode);
        var right = await http.PostAsJsonAsync("/api/login", new { username = "zhangguan", password = "demo" });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal("application/problem+json", right.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_village_user_sees_only_its_own_villages_incidents()
    {
        var info = await f.Grains.GetGrain<ITownshipGrain>("yimen").GetInfo();
        var villages = info!.CellTree.Where(c => c.Level == CellLevel.Village && c.LeaderId is not null).Take(2).ToList();
        using var admin = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "admin");
        string Blow(CellDefinition v) => $"village-scope-{v.CellId}";
        foreach (var v in villages)
            (await admin.PostAsJsonAsync("/api/whistles", new { township = "yimen", cellId = v.CellId, whistleId = Blow(v), category = "road", severity = "minor", text = "路面破损" }))
                .EnsureSuccessStatusCode();
        var ids = new List<string>();
        foreach (var v in villages)
            ids.Add((await admin.GetFromJsonAsync<JsonElement[]>("/api/incidents?township=yimen"))!
                .First(i => i.GetProperty("cell").GetString() == v.CellId && i.GetProperty("title").GetString() == "路面破损").GetProperty("id").GetString()!);

        using var village = With(await CommandCentreClient.LoginAsync(f.Silo.BaseAddress, villages[0].LeaderId!));
        var me = await village.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("village", me.GetProperty("role").GetString());
        var listed = (await village.GetFromJsonAsync<JsonElement[]>("/api/incidents?township=yimen"))!.Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Contains(ids[0], listed);
        Assert.DoesNotContain(ids[1], listed);
        Assert.Equal(HttpStatusCode.OK, (await village.GetAsync($"/api/incidents/{ids[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await village.GetAsync($"/api/incidents/{ids[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await village.GetAsync("/api/townships/zhangguan/summary")).StatusCode);
    }
}
