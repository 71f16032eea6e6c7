using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// The local cluster exactly as <c>silo/cluster.sh</c> starts it for a demo: redis-server, mosquitto, 3 silos,
/// a gateway and a dashboard as Orleans clients, on a free block of loopback ports in a temp folder. A test
/// can kill -9 any of its processes; an Orleans client looks inside.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "silo", "cluster.sh");
    private IHost? _client;

    private LocalCluster(string folder, int portBase, int dashboardPort, int silos, bool history)
    {
        Folder = folder;
        PortBase = portBase;
        Dashboard = new Uri($"http://127.0.0.1:{dashboardPort}");
        Silos = silos;
        History = history;
    }

    public int Silos { get; }

    /// <summary>With the script's PostgreSQL history store (<c>CLUSTER_HISTORY=postgres</c>); else none.</summary>
    public bool History { get; }

    /// <summary>The history store's connection string, for a process joining the cluster and for looking inside.</summary>
    public string HistoryConnection => $"Host=127.0.0.1;Port={PortBase + 6};Username=postgres;Database=postgres";

    /// <summary>The gateway's MQTT account on mosquitto (it may read and write every topic).</summary>
    public const string GatewayUser = "griddispatch-gateway", GatewayPassword = "local-cluster-gateway";

    public string Folder { get; }

    public int PortBase { get; }

    public int RedisPort => PortBase;

    public int MqttPort => PortBase + 1;

    public int GrpcPort => PortBase + 2;

    public Uri Gateway => new($"http://127.0.0.1:{PortBase + 3}");

    /// <summary>The gateway's management listener (its /metrics).</summary>
    public Uri GatewayManagement => new($"http://127.0.0.1:{PortBase + 4}");

    public Uri Dashboard { get; }

    public static Uri SiloHttp(int portBase, int silo) => new($"http://127.0.0.1:{portBase + 30 + silo}");

    public static async Task<LocalCluster> StartAsync(string siloArguments = "", int silos = 3, bool history = false)
    {
        await AptPackages.EnsureCommandAsync("redis-server", "redis-server");
        await AptPackages.EnsureCommandAsync("mosquitto", "mosquitto");
        if (history && !File.Exists("/usr/lib/postgresql/15/bin/initdb")) await AptPackages.EnsureCommandAsync("pg_ctlcluster", "postgresql-15");
        var cluster = new LocalCluster(RepositoryPaths.NewTempFolder("cluster"), FreePort.Block(40), FreePort.Next(), silos, history);
        var (exit, output) = await cluster.ScriptAsync("start", siloArguments);
        if (exit != 0)
        {
            await cluster.ScriptAsync("stop");
            throw new InvalidOperationException($"silo/cluster.sh start failed ({exit}):\n{output}");
        }

        return cluster;
    }

    /// <summary>Runs <c>silo/cluster.sh VERB</c> for this cluster; its exit code and output.</summary>
    public async Task<(int Exit, string Output)> ScriptAsync(string verb, string siloArguments = "")
    {
        var start = new ProcessStartInfo("bash", [Script, verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CLUSTER_DIR"] = Folder;
        start.Environment["CLUSTER_PORT_BASE"] = PortBase.ToString();
        start.Environment["CLUSTER_DASHBOARD_PORT"] = Dashboard.Port.ToString();
        start.Environment["CLUSTER_LIFE"] = "0"; // the tests drive lamps and whistles themselves, with ids they know
        start.Environment["CLUSTER_SILO_ARGS"] = siloArguments;
        start.Environment["CLUSTER_SILOS"] = Silos.ToString();
        start.Environment["CLUSTER_HISTORY"] = History ? "postgres" : "none";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The cluster's processes by name (redis, mosquitto, silo0…, gateway, dashboard) from the script's pid file.</summary>
    public IReadOnlyDictionary<string, int> Processes() =>
        File.ReadAllLines(Path.Combine(Folder, "pids")).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1]));

    public void Kill(string name) => Process.GetProcessById(Processes()[name]).Kill(); // SIGKILL: no goodbye, as a power cut

    public async Task<IClusterClient> ClientAsync()
    {
        if (_client is null)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.UseOrleansClient(client =>
            {
                client.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ServiceId, o.ClusterId) = ("griddispatch", "local"));
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse($"127.0.0.1:{RedisPort}"));
            });
            _client = builder.Build();
            await _client.StartAsync();
        }

        return _client.Services.GetRequiredService<IClusterClient>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try { await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token); } catch (Exception) { /* the cluster may be gone */ }
            _client.Dispose();
        }

        await ScriptAsync("stop");
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { /* redis may still be flushing; temp anyway */ }
    }
}
