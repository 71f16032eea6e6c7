using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A real redis-server from Debian, on a free loopback port, in a temp folder.</summary>
public sealed class RedisServer : ServerProcess
{
    private readonly string _folder;

    private RedisServer(string executable, int port, string folder)
        : base($"redis-server:{port}", new ProcessStartInfo(executable,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--save", "", "--daemonize", "no"]))
    {
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = await AptPackages.EnsureCommandAsync("redis-server", "redis-server");
        var server = new RedisServer(executable, FreePort.Next(), RepositoryPaths.NewTempFolder("redis"));
        await server.WaitUntilAsync(server.PingAsync, TimeSpan.FromSeconds(20));
        return server;
    }

    /// <summary>Speaks RESP directly, so readiness does not depend on the client under test.</summary>
    public async Task<bool> PingAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[16];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
