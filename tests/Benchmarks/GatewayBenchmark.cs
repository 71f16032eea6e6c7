using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 4's figures in one run: the embedded broker (MQTTnet) against mosquitto as bare brokers,
/// and ingestion through the embedded broker into the grains with 100,000 lamps against mosquitto
/// pass-through (the ceiling), with alarm latency (publish → AlarmRaised event) under that load.
/// </summary>
public sealed class GatewayBenchmark(int lamps, TimeSpan duration, int connections)
{
    private readonly StringBuilder _report = new();

    public async Task<string> RunAsync()
    {
        await using var mosquitto = await MosquittoServer.StartAsync(new Dictionary<string, string> { ["bench"] = "bench" }, "user bench\ntopic readwrite #\n");
        _report.AppendLine($"Bare brokers: 4 publishers → 1 subscriber on loopback, 40-byte payloads, {duration.TotalSeconds:F0} s each.");
        _report.AppendLine();
        _report.AppendLine("| broker | QoS | msgs/s | × mosquitto | p50 ms | p99 ms |");
        _report.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var qos in new[] { MqttQualityOfServiceLevel.AtMostOnce, MqttQualityOfServiceLevel.AtLeastOnce })
        {
            var reference = await MqttLoad.PassThroughAsync(mosquitto.Port, qos, 4, duration, "bench", "bench");
            var embedded = await BareEmbedded(qos);
            Row("mosquitto 2.0", qos, reference, reference);
            Row("MQTTnet (embedded)", qos, embedded, reference);
        }

        var ceiling = await MqttLoad.PassThroughAsync(mosquitto.Port, MqttQualityOfServiceLevel.AtLeastOnce, connections, duration, "bench", "bench");
        await Ingestion(ceiling);
        return _report.ToString();
    }

    private void Row(string name, MqttQualityOfServiceLevel qos, MqttLoad.Rate rate, MqttLoad.Rate reference) =>
        _report.AppendLine($"| {name} | {(int)qos} | {rate.MessagesPerSecond:N0} | {rate.MessagesPerSecond / reference.MessagesPerSecond:F2} | {rate.P50Ms:F2} | {rate.P99Ms:F1} |");

    private async Task<MqttLoad.Rate> BareEmbedded(MqttQualityOfServiceLevel qos)
    {
        var port = FreePort.Next();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        var rate = await MqttLoad.PassThroughAsync(port, qos, 4, duration);
        await server.StopAsync(new MqttServerStopOptions());
        return rate;
    }

    private async Task Ingestion(MqttLoad.Rate ceiling)
    {
        var folder = RepositoryPaths.NewTempFolder("bench-gateway");
        var port = FreePort.Next();
        using var host = await BenchHost.StartAsync(new BenchStorage.Sqlite(Path.Combine(folder, "gateway.db"), "Full", 1024, "SQLite"), builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Mqtt:Port"] = port.ToString(), ["Demo:Enabled"] = "true" });
            builder.Services.AddGridDispatchGateway(builder.Configuration);
        });
        var topology = DomainBenchmark.Synthetic(lamps);
        await new TopologyImporter(host.Grains()).ImportAsync(topology);
        var ids = topology.Lamps.Select(l => l.Id).ToArray();

        var alarms = new AlarmClock();
        await using var subscription = await DomainEventSubscription.StartAsync(host.Grains(), alarms);
        var clients = await Task.WhenAll(Enumerable.Range(0, connections).Select(n => MqttLoad.ConnectAsync(port, $"ingest-{n}", "admin", "demo")));
        using var probe = await MqttLoad.ConnectAsync(port, "probe", "admin", "demo");

        long sent = 0;
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        var probing = Probe(probe, ids, alarms, clock);
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref sent);
                var lamp = ids[(int)(n % (ids.Length - 1000)) + 1000]; // the first 1,000 lamps are the alarm probes
                var json = $$"""{"ts":{{start + n}},"on":true,"brightness":{{n % 100}},"voltage":221,"current":0.4,"power":88}""";
                await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"gd/bench/lamp/{lamp}/telemetry")
                    .WithPayload(json).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            }
        })));
        var rate = sent / clock.Elapsed.TotalSeconds;
        var latencies = await probing;
        foreach (var client in clients) client.Dispose();
        await host.StopAsync();
        Directory.Delete(folder, recursive: true);

        _report.AppendLine();
        _report.AppendLine($"Ingestion: {lamps:N0} lamps, {connections} connections publishing QoS 1 telemetry for {duration.TotalSeconds:F0} s; each PUBACK means the lamp grain accepted it.");
        _report.AppendLine($"Alarm latency: a probe publishes a LEAKAGE report every 100 ms during that load, measured to the AlarmRaised domain event ({latencies.Count} samples).");
        _report.AppendLine();
        _report.AppendLine("| measure | this run | × ceiling | goal |");
        _report.AppendLine("|---|---:|---:|---:|");
        _report.AppendLine($"| ceiling: mosquitto pass-through, QoS 1, {connections} publishers → 1 subscriber | {ceiling.MessagesPerSecond:N0} msgs/s | 1.00 | |");
        _report.AppendLine($"| broker → gateway → grains, QoS 1 acknowledged after the grain | {rate:N0} msgs/s | {rate / ceiling.MessagesPerSecond:F2} | ≥ 30,000 and ≥ 0.5× |");
        _report.AppendLine($"| alarm latency p50 / p99 | {MqttLoad.Percentile(latencies, 0.5):F1} / {MqttLoad.Percentile(latencies, 0.99):F1} ms | | p99 < 250 ms |");
    }

    private async Task<List<double>> Probe(IMqttClient probe, string[] ids, AlarmClock alarms, Stopwatch clock)
    {
        var latencies = new List<double>();
        for (var k = 0; clock.Elapsed < duration && k < 1000; k++)
        {
            var lamp = ids[k];
            var sentAt = Stopwatch.GetTimestamp();
            var waiting = alarms.Expect(lamp);
            var json = $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"voltage":221,"current":0.4,"leakageMa":45}""";
            await probe.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"gd/bench/lamp/{lamp}/telemetry")
                .WithPayload(json).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            if (await Task.WhenAny(waiting, Task.Delay(5000)) == waiting) latencies.Add(Stopwatch.GetElapsedTime(sentAt, await waiting).TotalMilliseconds);
            await Task.Delay(100);
        }

        latencies.Sort();
        return latencies;
    }

    /// <summary>Notes when each lamp's alarm is raised.</summary>
    private sealed class AlarmClock : IDomainEventObserver
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _waiting = new();

        public Task<long> Expect(string lamp) => _waiting.GetOrAdd(lamp, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public Task OnEvents(DomainEventBatch batch)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var raised in batch.Events.OfType<AlarmRaised>())
                if (_waiting.TryGetValue(raised.Alarm.LampId, out var waiting)) waiting.TrySetResult(now);
            return Task.CompletedTask;
        }
    }
}
