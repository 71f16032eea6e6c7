using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// A real victoria-metrics from Debian on a free loopback port, data in a temp folder: a server we did not
/// write that speaks InfluxDB's <c>/api/v2/write</c>. Each field becomes a series <c>measurement_field</c>
/// labelled with the point's tags; <see cref="ExportAsync"/> reads the raw samples back.
/// </summary>
public sealed class VictoriaMetricsServer : ServerProcess
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _executable;
    private readonly string _folder;
    private bool _keepFolder;

    private VictoriaMetricsServer(string executable, int port, string folder)
        : base($"victoria-metrics:{port}", new ProcessStartInfo(executable,
            [$"-storageDataPath={folder}", $"-httpListenAddr=127.0.0.1:{port}", "-loggerLevel=WARN"]))
    {
        _executable = executable;
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Starts victoria-metrics; <paramref name="port"/> lets a test bring a server up where a client already points.</summary>
    public static async Task<VictoriaMetricsServer> StartAsync(int? port = null)
    {
        var executable = await AptPackages.EnsureCommandAsync("victoria-metrics", "victoria-metrics");
        return await StartAsync(executable, port ?? FreePort.Next(), RepositoryPaths.NewTempFolder("victoria"));
    }

    private static async Task<VictoriaMetricsServer> StartAsync(string executable, int port, string folder)
    {
        var server = new VictoriaMetricsServer(executable, port, folder);
        await server.WaitUntilAsync(async () => (await Http.GetAsync($"{server.Url}/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>Stops it (SIGTERM) and leaves it down; <see cref="StartAgainAsync"/> brings it back with its data.</summary>
    public async Task ShutDownAsync()
    {
        _keepFolder = true;
        await StopAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<VictoriaMetricsServer> StartAgainAsync()
    {
        await base.DisposeAsync();
        return await StartAsync(_executable, Port, _folder);
    }

    /// <summary>Every raw sample of the series that match <paramref name="selector"/> (e.g. <c>{__name__="lamp_power",lamp="x"}</c>).</summary>
    public async Task<IReadOnlyList<Series>> ExportAsync(string selector)
    {
        // Written samples are searchable after a flush; a new series may take a moment more (the index), so callers poll.
        (await Http.PostAsync($"{Url}/internal/force_flush", null)).EnsureSuccessStatusCode();
        using var response = await Http.PostAsync($"{Url}/api/v1/export", new FormUrlEncodedContent([new("match[]", selector)]));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"export {selector}: {(int)response.StatusCode} {body}");
        return [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    private static Series Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var metric = json.RootElement.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        var values = json.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var times = json.RootElement.GetProperty("timestamps").EnumerateArray().Select(t => DateTimeOffset.FromUnixTimeMilliseconds(t.GetInt64())).ToArray();
        return new Series(metric, [.. times.Zip(values, (at, value) => new Sample(at, value)).OrderBy(s => s.At)]);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_keepFolder) return; // started again: the new process owns the folder
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    public sealed record Series(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<Sample> Samples);

    public sealed record Sample(DateTimeOffset At, double Value);
}
