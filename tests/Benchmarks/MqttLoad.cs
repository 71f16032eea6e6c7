using System.Buffers.Binary;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Benchmarks;

/// <summary>MQTT clients for the load, and percentiles of what was measured.</summary>
public static class MqttLoad
{
    public static async Task<IMqttClient> ConnectAsync(int port, string clientId, string? user = null, string? password = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCleanSession();
        if (user is not null) options = options.WithCredentials(user, password);
        await client.ConnectAsync(options.Build());
        return client;
    }

    public static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

    /// <summary>
    /// The percentile of probes of which <paramref name="lost"/> never arrived: a lost probe counts as later than any that
    /// arrived, so when the percentile falls on one the result is infinite (printed "lost" by <see cref="Ms"/>).
    /// </summary>
    public static double PercentileCountingLost(List<double> sorted, int lost, double p)
    {
        var total = sorted.Count + lost;
        if (total == 0) return double.NaN;
        var index = Math.Min(total - 1, (int)(total * p));
        return index < sorted.Count ? sorted[index] : double.PositiveInfinity;
    }

    /// <summary>A latency in whole milliseconds, or "lost" for a probe that never arrived.</summary>
    public static string Ms(double ms) => double.IsPositiveInfinity(ms) ? "lost" : ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
}
