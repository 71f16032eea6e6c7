using System.Globalization;

namespace GridDispatch.Benchmarks;

/// <summary>Reads counters from a process's <c>/metrics</c> (Prometheus text, on the management listener).</summary>
public static class PrometheusText
{
    /// <summary>The sum of every series of <paramref name="metric"/> (all label sets). The exporter caches up to a second, so this waits 1.1 s first.
    /// <paramref name="label"/>, if given, keeps only the series whose labels contain it (<c>reason="queue_full"</c>).</summary>
    public static async Task<double> SumAsync(HttpClient management, string metric, string? label = null) => Sum(await TextAsync(management), metric, label);

    /// <summary>The whole page, read fresh (the exporter caches up to a second, so this waits 1.1 s first).</summary>
    public static async Task<string> TextAsync(HttpClient management)
    {
        await Task.Delay(1_100);
        return await management.GetStringAsync("/metrics");
    }

    /// <summary>The sum of the series of <paramref name="metric"/> in <paramref name="text"/> whose labels contain <paramref name="label"/> (all of them if null).</summary>
    public static double Sum(string text, string metric, string? label = null) => text.Split('\n')
        .Where(l => l.StartsWith(metric, StringComparison.Ordinal) && l.Length > metric.Length && l[metric.Length] is ' ' or '{')
        .Where(l => label is null || l.Contains(label, StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>The gateway's count of MQTT messages ingested into grains.</summary>
    public static Task<double> IngestedAsync(HttpClient management) => SumAsync(management, Accepted);

    /// <summary>The same, from a page already read.</summary>
    public static double Ingested(string text) => Sum(text, Accepted);

    private const string Accepted = "griddispatch_mqtt_accepted_total", Refused = "griddispatch_mqtt_dropped_total", Shed = "griddispatch_mqtt_telemetry_shed_total";

    /// <summary>
    /// Waits until the gateway has caught up with what its broker holds for it: what it has taken (ingested, refused or shed)
    /// stops moving for three readings a second apart (at most a minute). A backlog of stale reports moves only the refused
    /// count, and a gateway waiting a second on a batch of grain calls moves nothing for a reading. Returns the ingested count.
    /// </summary>
    public static async Task<double> DrainedAsync(HttpClient management)
    {
        var last = await TakenAsync(management);
        for (var (i, still) = (0, 0); i < 60 && still < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await TakenAsync(management);
            still = now == last ? still + 1 : 0;
            last = now;
        }

        return last.Ingested;
    }

    private static async Task<(double Ingested, double Others)> TakenAsync(HttpClient management)
    {
        var text = await TextAsync(management);
        return (Ingested(text), Dropped(text) + TelemetryShed(text));
    }

    /// <summary>The gateway's count of MQTT messages it refused (every reason).</summary>
    public static Task<double> DroppedAsync(HttpClient management) => SumAsync(management, Refused);

    /// <summary>The same, from a page already read.</summary>
    public static double Dropped(string text) => Sum(text, Refused);

    /// <summary>The gateway's count of telemetry it shed (a newer report of the same lamp replaced it while it waited).</summary>
    public static Task<double> TelemetryShedAsync(HttpClient management) => SumAsync(management, Shed);

    /// <summary>The same, from a page already read.</summary>
    public static double TelemetryShed(string text) => Sum(text, Shed);
}
