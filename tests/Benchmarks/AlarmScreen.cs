using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A command-centre screen outside the silo: a SignalR client on the hub watching one township, noting when each
/// lamp's first alarm arrives, and when it is first on a work order. Alarm latency is measured from a probe's publish to
/// here, the way an operator sees it.
/// </summary>
public sealed class AlarmScreen : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly ConcurrentDictionary<string, long> _seen = new();
    private readonly ConcurrentDictionary<string, long> _filed = new();

    private AlarmScreen(HubConnection hub) => _hub = hub;

    public static async Task<AlarmScreen> WatchAsync(Uri baseAddress, string township)
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "/hubs/command-centre"),
            o => o.AccessTokenProvider = async () => await BenchTownships.AdminTokenAsync(baseAddress)).Build();
        var screen = new AlarmScreen(hub);
        hub.On<JsonElement>("alarmRaised", items =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var a in items.EnumerateArray()) screen._seen.TryAdd(a.GetProperty("lampId").GetString()!, now);
        });
        // when each lamp was first on a work order the screen heard of
        hub.On<JsonElement>("incidentChanged", items =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var i in items.EnumerateArray())
                foreach (var lamp in i.GetProperty("lamps").EnumerateArray()) screen._filed.TryAdd(lamp.GetString()!, now);
        });
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("Watch", township);
        return screen;
    }

    /// <summary>Latencies of <paramref name="probes"/> (lamp, publish timestamp); a probe whose alarm never arrived is lost, not left out.</summary>
    public ProbeFigures Measure(IReadOnlyCollection<(string Lamp, long At)> probes) => Measure(probes, _seen);

    /// <summary>As <see cref="Measure(IReadOnlyCollection{ValueTuple{string, long}})"/>, until each lamp was on a work order.</summary>
    public ProbeFigures MeasureFiled(IReadOnlyCollection<(string Lamp, long At)> probes) => Measure(probes, _filed);

    /// <summary>How many of <paramref name="lamps"/> have had their alarm seen, and been seen on a work order.</summary>
    public (int Seen, int Filed) Count(IEnumerable<string> lamps) => (lamps.Count(_seen.ContainsKey), lamps.Count(_filed.ContainsKey));

    private static ProbeFigures Measure(IReadOnlyCollection<(string Lamp, long At)> probes, ConcurrentDictionary<string, long> stamps)
    {
        var latencies = probes.Where(p => stamps.ContainsKey(p.Lamp)).Select(p => Stopwatch.GetElapsedTime(p.At, stamps[p.Lamp]).TotalMilliseconds).Order().ToList();
        var lost = probes.Count - latencies.Count;
        return new ProbeFigures(probes.Count, latencies.Count,
            MqttLoad.PercentileCountingLost(latencies, lost, 0.5), MqttLoad.PercentileCountingLost(latencies, lost, 0.99));
    }

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();
}

/// <summary>Probes sent and seen, and their latency percentiles with the lost ones counted as later than any (infinite).</summary>
public sealed record ProbeFigures(int Sent, int Seen, double P50Ms, double P99Ms)
{
    public int Lost => Sent - Seen;

    public string Percentiles => $"{MqttLoad.Ms(P50Ms)} / {MqttLoad.Ms(P99Ms)}";
}
