using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GridDispatch.Simulators;

/// <summary>The command centre's HTTP API, signed in as an account (POST /api/login, then a bearer token).</summary>
public static class CommandCentreLogin
{
    public static async Task<HttpClient> SignInAsync(Uri http, string user, string password, CancellationToken cancellationToken = default)
    {
        var client = new HttpClient { BaseAddress = http };
        try
        {
            using var login = await client.PostAsJsonAsync("/api/login", new { username = user, password }, cancellationToken);
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
