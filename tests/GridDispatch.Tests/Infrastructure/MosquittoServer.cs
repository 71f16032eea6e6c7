using System.Diagnostics;
using System.Net.Sockets;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A real mosquitto from Debian on a free loopback port, with a password file and an ACL file.</summary>
public sealed class MosquittoServer : ServerProcess
{
    private readonly string _folder;

    private MosquittoServer(string executable, string config, int port, string folder)
        : base($"mosquitto:{port}", new ProcessStartInfo(executable, ["-c", config]))
    {
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    public static async Task<MosquittoServer> StartAsync(IReadOnlyDictionary<string, string> users, string acl)
    {
        var executable = await AptPackages.EnsureCommandAsync("mosquitto", "mosquitto");
        var passwd = await AptPackages.EnsureCommandAsync("mosquitto_passwd", "mosquitto");
        var folder = RepositoryPaths.NewTempFolder("mosquitto");
        var passwords = Path.Combine(folder, "passwd");
        await File.WriteAllTextAsync(passwords, "");
        foreach (var (user, password) in users)
        {
            using var process = Process.Start(passwd, ["-b", passwords, user, password]);
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"mosquitto_passwd failed for {user}");
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "acl"), acl);
        // Started as root, mosquitto drops to its own user: the files must be readable by it.
        foreach (var file in new[] { passwords, Path.Combine(folder, "acl") })
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var port = FreePort.Next();
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            per_listener_settings false
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {Path.Combine(folder, "acl")}
            persistence false
            log_dest stdout
            """);
        var server = new MosquittoServer(executable, config, port, folder);
        await server.WaitUntilAsync(async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }, TimeSpan.FromSeconds(15));
        return server;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
