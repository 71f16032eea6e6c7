using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A real redis-server from Debian, on a free loopback port, in a temp folder.</summary>
public sealed class RedisServer : ServerProcess
{
    private readonly string _folder;

    private readonly string _executable;
    private bool _keepFolder;

    private RedisServer(string executable, int port, string folder)
        : base($"redis-server:{port}", new ProcessStartInfo(executable,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--save", "", "--daemonize", "no"]))
    {
        Port = port;
        _folder = folder;
        _executable = executable;
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

    /// <summary>Shuts redis-server down (SIGTERM: it saves its append-only file) and leaves it down.</summary>
    public async Task ShutDownAsync()
    {
        _keepFolder = true;
        await StopAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL, as when its machine loses power: no save on the way out, and leaves it down.</summary>
    public void KillHard()
    {
        _keepFolder = true;
        Kill();
    }

    /// <summary>A new redis-server on the same port and data folder, after <see cref="ShutDownAsync"/> or <see cref="KillHard"/>.</summary>
    public async Task<RedisServer> StartAgainAsync()
    {
        await base.DisposeAsync();
        var server = new RedisServer(_executable, Port, _folder);
        await server.WaitUntilAsync(server.PingAsync, TimeSpan.FromSeconds(20));
        return server;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_keepFolder) return; // started again: the new process owns the folder
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
