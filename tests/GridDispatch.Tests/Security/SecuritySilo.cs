using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GridDispatch.Grains.Accounts;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Security;

/// <summary>
/// One real silo (<c>--demo</c>) for the security tests, with the HTTP login limiter out of the way so the
/// sign-in throttles themselves are what is tested. Clients can come from any 127.x.y.z address, so a
/// "stranger" and an "owner" are different addresses on one machine.
/// </summary>
public sealed class SecuritySilo : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("security-silo");
    private SiloWithClient _silo = null!;

    public SiloProcess Silo => _silo.Silo;

    public IClusterClient Grains => _silo.Grains;

    public async Task InitializeAsync() =>
        _silo = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "demo.db"), "--Accounts:LoginsPerMinute=10000");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>An HTTP client whose connections come from <paramref name="from"/> (any 127.0.0.0/8 address works on Linux loopback).</summary>
    public HttpClient From(string from, string? token = null)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        }) { BaseAddress = Silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<HttpResponseMessage> LoginAsync(string from, string user, string password)
    {
        using var http = From(from);
        return await http.PostAsJsonAsync("/api/login", new { username = user, password });
    }

    public async Task<string> TokenAsync(string user, string password = "demo", string from = "127.0.0.1")
    {
        var login = await LoginAsync(from, user, password);
        Assert.True(login.IsSuccessStatusCode, $"login {user}: {(int)login.StatusCode}");
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>A token for <paramref name="account"/> written straight into token storage: one issued before a fix, say.</summary>
    public async Task<string> IssueDirectlyAsync(string account)
    {
        var token = "gd_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var generation = await Grains.GetGrain<IAccountGrain>(account).GetGeneration();
        await Grains.GetGrain<IAccessTokenGrain>(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))))
            .Issue(new AccessTokenGrant(account, generation, DateTimeOffset.UtcNow.AddHours(1)));
        return token;
    }

    /// <summary>A gRPC call by @grpc/grpc-js (tests/interop): <c>{"ok":…,"code":…,"reply":…}</c>.</summary>
    public Task<JsonElement> GrpcAsync(string? token, string call, object args) =>
        NodePeer.RunAsync("grpc-client.mjs", $"127.0.0.1:{Silo.GrpcPort}", token ?? "-", call, JsonSerializer.Serialize(args));
}

[CollectionDefinition(Name)]
public sealed class SecuritySiloCollection : ICollectionFixture<SecuritySilo>
{
    public const string Name = "security silo";
}
