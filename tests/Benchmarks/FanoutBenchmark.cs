using System.Diagnostics;
using GridDispatch.Gateway.Mqtt;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Benchmarks;

/// <summary>
/// #22 goal 3: four MQTT clients publish as fast as they can to one subscriber, through mosquitto and through the
/// embedded broker (MQTTnet on the silo's own listener, with its bounded client queues). Each broker runs in a process
/// of its own; the subscriber is mosquitto_sub, which stamps each arrival, so neither the broker nor the subscriber
/// shares a process with the load. The kernel's socket buffers are sampled to show where a backlog waits. The embedded
/// broker runs twice: with the kernel's autotuned send buffers, and as shipped (<see cref="MqttOptions.SocketSendBufferBytes"/>).
/// </summary>
public sealed class FanoutBenchmark(TimeSpan duration)
{
    private const int Publishers = 4;
    private const int PayloadBytes = 40;

    public async Task<string> RunAsync()
    {
        await using var mosquitto = await MosquittoServer.StartAsync(new Dictionary<string, string> { ["bench"] = "bench" }, "user bench\ntopic readwrite #\n");
        return await TableAsync(mosquitto.Port, mosquitto.ProcessId);
    }

    /// <summary>The table, against the mosquitto already listening on <paramref name="mosquittoPort"/> (user and password "bench").</summary>
    public async Task<string> TableAsync(int mosquittoPort, int mosquittoPid)
    {
        var report = new System.Text.StringBuilder();
        report.AppendLine($"{Publishers} MQTTnet clients publish {PayloadBytes}-byte payloads as fast as they can → mosquitto_sub on `bench/#`, loopback, {duration.TotalSeconds:F0} s a row; " +
                          "each broker in a process of its own. Received is what the subscriber got within the row and 1 s after, latency from the publish to mosquitto_sub's own stamp of the arrival; " +
                          "dropped is what the embedded broker's client queues dropped (the oldest first, counted by MQTTnet's overwrite event); " +
                          "neither is what was sent and is in neither count (still on its way when the row ended). Broker CPU is its process's over the row (200 % is both cores). " +
                          "Socket backlog: the peak bytes the kernel held, summed over the connections: the publishers' unsent / the broker's unread / the broker's unsent / the subscriber's unread.");
        report.AppendLine();
        report.AppendLine("| broker | QoS | sent msgs/s | received msgs/s | × mosquitto | p50 ms | p99 ms | dropped, counted | neither | broker CPU | socket backlog KB |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var qos in new[] { MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce })
        {
            var reference = await RowAsync(report, "mosquitto 2.0", mosquittoPort, mosquittoPid, qos, null, null);
            foreach (var (name, sendBuffer) in new (string, int)[]
                     {
                         ("embedded broker, the kernel's send buffers", 0),
                         ($"embedded broker as shipped ({new MqttOptions().SocketSendBufferBytes / 1024} KB send buffers)", -1),
                     })
            {
                var port = FreePort.Next();
                await using var broker = await BrokerProcess.StartAsync(port, sendBuffer);
                await RowAsync(report, name, port, broker.ProcessId, qos, reference, broker);
            }
        }

        return report.ToString();
    }

    private async Task<double> RowAsync(System.Text.StringBuilder report, string name, int port, int brokerPid, MqttQualityOfServiceLevel qos, double? reference, BrokerProcess? embedded)
    {
        await using var subscriber = await BareSubscriber.StartAsync(port, "bench", "bench", (int)qos, "bench/#", stamped: true);
        await using var backlog = SocketBacklog.Watch(port);
        var cpuBefore = ProcessFigures.CpuSeconds(brokerPid);
        var sent = await PublishAsync(port, qos);
        var cpu = (ProcessFigures.CpuSeconds(brokerPid) - cpuBefore) / duration.TotalSeconds;
        await Task.Delay(1_000); // what was on its way
        var received = subscriber.Delivered;
        long? dropped = embedded is null ? null : await embedded.StopAsync();
        var latencies = subscriber.Latencies();
        var perSecond = received / duration.TotalSeconds;
        report.AppendLine($"| {name} | {(int)qos} | {sent / duration.TotalSeconds:N0} | {perSecond:N0} | {perSecond / (reference ?? perSecond):F2} | " +
                          $"{MqttLoad.Percentile(latencies, 0.5):F1} | {MqttLoad.Percentile(latencies, 0.99):F1} | {(dropped is { } d ? d.ToString("N0") : "—")} | " +
                          $"{sent - received - (dropped ?? 0):N0} | {cpu * 100:F0} % | {backlog.Kilobytes} |");
        return perSecond;
    }

    /// <summary>The publishers, flat out for the row's duration; returns how many PUBLISHes they completed.</summary>
    private async Task<long> PublishAsync(int port, MqttQualityOfServiceLevel qos)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, Publishers).Select(n => MqttLoad.ConnectAsync(port, $"bench-pub-{n}", "bench", "bench")));
        var clock = Stopwatch.StartNew();
        long sent = 0;
        await Task.WhenAll(clients.Select((client, n) => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"bench/{n}").WithPayload(BareSubscriber.Stamp(PayloadBytes)).WithQualityOfServiceLevel(qos).Build());
                Interlocked.Increment(ref sent);
            }
        })));
        foreach (var client in clients) { await client.DisconnectAsync(); client.Dispose(); }
        return sent;
    }

    /// <summary>This benchmark's own executable in its <c>embedded-broker-alone</c> mode.</summary>
    private sealed class BrokerProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private BrokerProcess(Process process) => _process = process;

        public int ProcessId => _process.Id;

        public static async Task<BrokerProcess> StartAsync(int port, int sendBuffer)
        {
            var process = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["embedded-broker-alone", port.ToString(), sendBuffer.ToString()])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            })!;
            var broker = new BrokerProcess(process);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            if (await process.StandardOutput.ReadLineAsync(deadline.Token) != "ready") throw new InvalidOperationException("the embedded broker did not start");
            return broker;
        }

        /// <summary>Stops it; returns what its client queues dropped.</summary>
        public async Task<long> StopAsync()
        {
            _process.StandardInput.Close();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await _process.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new InvalidOperationException("the embedded broker stopped without its count");
            await _process.WaitForExitAsync(deadline.Token);
            return long.Parse(line["dropped ".Length..]);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
