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

    private const string Accepted = "griddispatch_mqtt_accepted_total", Refused = "griddispatch_mqtt_dropped_total";

    /// <summary>
    /// Waits until the gateway has caught up with what its broker holds for it: its ingested count read a second apart
    /// stops moving (at most a minute). Returns that count.
    /// </summary>
    public static async Task<double> DrainedAsync(HttpClient management)
    {
        var last = await IngestedAsync(management);
        for (var i = 0; i < 60; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await IngestedAsync(management);
            if (now == last) return now;
            last = now;
        }

        return last;
    }

    /// <summary>The gateway's count of MQTT messages it refused (every reason).</summary>
    public static Task<double> DroppedAsync(HttpClient management) => SumAsync(management, Refused);

    /// <summary>The same, from a page already read.</summary>
    public static double Dropped(string text) => Sum(text, Refused);
}
