using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>Signs in over HTTP and opens the command-centre hub as a browser would (token as access_token).</summary>
public static class CommandCentreClient
{
    public static async Task<string> LoginAsync(Uri baseAddress, string user, string password = "demo")
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var login = await http.PostAsJsonAsync("/api/login", new { username = user, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public static async Task<HttpClient> HttpAsync(Uri baseAddress, string user)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(baseAddress, user));
        return http;
    }

    public static HubConnection Hub(Uri baseAddress, string token, bool reconnect = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/command-centre"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        if (reconnect) builder = builder.WithAutomaticReconnect([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)]);
        return builder.Build();
    }
}
