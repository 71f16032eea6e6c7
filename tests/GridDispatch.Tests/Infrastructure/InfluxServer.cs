using System.Diagnostics;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>A real influxd 1.x from Debian, on free loopback ports, with its data in a temp folder.</summary>
public sealed class InfluxServer : ServerProcess
{
    private readonly string _folder;

    private InfluxServer(string executable, string config, int port, string folder)
        : base($"influxd:{port}", new ProcessStartInfo(executable, ["-config", config]))
    {
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Starts influxd; <paramref name="port"/> lets a test bring a server up where a client already points.</summary>
    public static async Task<InfluxServer> StartAsync(int? port = null)
    {
        var executable = await AptPackages.EnsureCommandAsync("influxd", "influxdb");
        var folder = RepositoryPaths.NewTempFolder("influx");
        var http = port ?? FreePort.Next();
        var config = Path.Combine(folder, "influxd.conf");
        // The top-level bind-address is a second (RPC) port: set it too, or parallel servers collide.
        await File.WriteAllTextAsync(config, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{FreePort.Next()}"
            [meta]
              dir = "{folder}/meta"
            [data]
              dir = "{folder}/data"
              wal-dir = "{folder}/wal"
              query-log-enabled = false
            [http]
              bind-address = "127.0.0.1:{http}"
              log-enabled = false
            [monitor]
              store-enabled = false
            """);
        var server = new InfluxServer(executable, config, http, folder);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await server.WaitUntilAsync(async () => (int)(await client.GetAsync($"{server.Url}/ping")).StatusCode == 204, TimeSpan.FromSeconds(30));
        return server;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
