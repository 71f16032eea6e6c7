using System.Buffers.Binary;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Benchmarks;

/// <summary>MQTT clients that publish as fast as the broker takes it, and a subscriber that timestamps arrivals.</summary>
public static class MqttLoad
{
    /// <summary>What the subscriber received (per second, and its latency), and how many the publishers sent.</summary>
    public sealed record Rate(double MessagesPerSecond, double P50Ms, double P99Ms, long Count, long Sent);

    public static async Task<IMqttClient> ConnectAsync(int port, string clientId, string? user = null, string? password = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCleanSession();
        if (user is not null) options = options.WithCredentials(user, password);
        await client.ConnectAsync(options.Build());
        return client;
    }

    /// <summary>
    /// <paramref name="publishers"/> clients publish to <c>bench/{n}</c> for <paramref name="duration"/>; one subscriber on
    /// <c>bench/#</c> counts arrivals and their latency (the send time travels in the payload).
    /// </summary>
    public static async Task<Rate> PassThroughAsync(int port, MqttQualityOfServiceLevel qos, int publishers, TimeSpan duration, string? user = null, string? password = null)
    {
        var latencies = new List<double>(1_000_000);
        long received = 0;
        using var subscriber = await ConnectAsync(port, "bench-sub", user, password);
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            var sentAt = BinaryPrimitives.ReadInt64LittleEndian(e.ApplicationMessage.Payload.FirstSpan);
            var ms = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds;
            lock (latencies) { latencies.Add(ms); received++; }
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("bench/#", qos).Build());

        var clients = await Task.WhenAll(Enumerable.Range(0, publishers).Select(n => ConnectAsync(port, $"bench-pub-{n}", user, password)));
        var clock = Stopwatch.StartNew();
        long sent = 0;
        await Task.WhenAll(clients.Select((client, n) => Task.Run(async () =>
        {
            var payload = new byte[40];
            while (clock.Elapsed < duration)
            {
                BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
                await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"bench/{n}").WithPayload(payload.ToArray()).WithQualityOfServiceLevel(qos).Build());
                Interlocked.Increment(ref sent);
            }
        })));
        await Task.Delay(500); // let in-flight messages land
        foreach (var client in clients) { await client.DisconnectAsync(); client.Dispose(); }
        lock (latencies)
        {
            latencies.Sort();
            return new Rate(received / duration.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), received, sent);
        }
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
