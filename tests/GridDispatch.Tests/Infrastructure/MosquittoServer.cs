using System.Diagnostics;
using System.Net.Sockets;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A real mosquitto from Debian on a free loopback port, with a password file and an ACL file.</summary>
public sealed class MosquittoServer : ServerProcess
{
    private readonly string _folder;

    private readonly string _executable, _config;
    private bool _keepFolder;

    private MosquittoServer(string executable, string config, int port, string folder)
        : base($"mosquitto:{port}", new ProcessStartInfo(executable, ["-c", config]))
    {
        Port = port;
        _folder = folder;
        (_executable, _config) = (executable, config);
    }

    public int Port { get; }

    /// <summary>
    /// Starts mosquitto with these users and ACL. <paramref name="persistent"/>: sessions and their queued messages
    /// are saved to disk at shutdown and read back at start, as a packaged mosquitto does. <paramref name="extraConfig"/>:
    /// more lines for mosquitto.conf (e.g. <c>sys_interval 1</c>).
    /// </summary>
    public static async Task<MosquittoServer> StartAsync(IReadOnlyDictionary<string, string> users, string acl, bool persistent = false, string extraConfig = "")
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
        // mosquitto.db is written there by mosquitto's own user
        if (persistent && !OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        var port = FreePort.Next();
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            per_listener_settings false
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {Path.Combine(folder, "acl")}
            persistence {(persistent ? "true" : "false")}
            persistence_location {folder}/
            log_dest stdout
            {extraConfig}
            """);
        return await ListeningAsync(new MosquittoServer(executable, config, port, folder));
    }

    /// <summary>A graceful restart (SIGTERM, as <c>systemctl restart</c>): the same port, files and saved sessions.</summary>
    public async Task<MosquittoServer> RestartAsync()
    {
        _keepFolder = true;
        await StopAsync(TimeSpan.FromSeconds(30));
        await base.DisposeAsync();
        return await ListeningAsync(new MosquittoServer(_executable, _config, Port, _folder));
    }

    private static async Task<MosquittoServer> ListeningAsync(MosquittoServer server)
    {
        await server.WaitUntilAsync(async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", server.Port);
            return true;
        }, TimeSpan.FromSeconds(15));
        return server;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_keepFolder) return; // restarted: the new process owns the folder
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
