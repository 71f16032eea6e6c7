using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using GridDispatch.Gateway.Mqtt;
using GridDispatch.Grains.Events;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 4's figures in one run: the embedded broker (MQTTnet) against mosquitto as bare brokers,
/// and ingestion through the embedded broker into the grains with 100,000 lamps against mosquitto
/// pass-through (the ceiling), with alarm latency (publish → AlarmRaised event) under that load.
/// </summary>
public sealed class GatewayBenchmark(int lamps, TimeSpan duration, int connections)
{
    /// <summary>QoS 1 messages in flight per connection (MQTT allows many; MQTTnet's server takes them in order).</summary>
    private const int Window = 16;
    // Each lamp hears again only seconds later, so the clock keeps its timestamps moving forward; the warm-up is before it.
    private readonly long _epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private long _sequence;
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

        var ceiling = await ThroughBrokerToBareSubscriber(mosquitto.Port);
        var bareEmbedded = await BareEmbeddedIngestion();
        await Ingestion(ceiling, bareEmbedded);
        return _report.ToString();
    }

    public async Task<string> RunIngestionOnlyAsync()
    {
        await Ingestion(double.NaN, await BareEmbeddedIngestion());
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

    /// <summary>The same telemetry load through mosquitto to a bare subscriber (mosquitto_sub): what a broker alone sustains.</summary>
    /// <summary>mosquitto's pass-through for this load, on its own: the ceiling other benchmarks put themselves beside.</summary>
    public async Task<double> MosquittoCeilingAsync()
    {
        await using var mosquitto = await MosquittoServer.StartAsync(new Dictionary<string, string> { ["bench"] = "bench" }, "user bench\ntopic readwrite #\n");
        return await ThroughBrokerToBareSubscriber(mosquitto.Port);
    }

    /// <summary>The load through the broker on <paramref name="port"/> to mosquitto_sub on <c>gd/#</c> at QoS 1, which only reads.</summary>
    private async Task<double> ThroughBrokerToBareSubscriber(int port)
    {
        using var subscriber = Process.Start(new ProcessStartInfo("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", port.ToString(), "-u", "bench", "-P", "bench", "-i", "ceiling-sub", "-q", "1", "-t", "gd/#"])
        {
            RedirectStandardOutput = true,
        })!;
        var draining = subscriber.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        await Task.Delay(300);
        var ids = Enumerable.Range(0, lamps).Select(n => $"bench-L{n:D6}").ToArray();
        var rate = await PublishTelemetryAsync(port, "bench", "bench", ids, firstLoadLamp: 0);
        subscriber.Kill();
        await draining;
        return rate;
    }

    /// <summary>
    /// <c>connections</c> lean publishers, each with <see cref="Window"/> QoS 1 messages in flight, send telemetry
    /// round-robin over the lamps (from <paramref name="firstLoadLamp"/> on) for the run's duration. Returns PUBACKs per second.
    /// </summary>
    private async Task<double> PublishTelemetryAsync(int port, string user, string password, string[] ids, int firstLoadLamp, TimeSpan? runFor = null)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, connections)
            .Select(n => RawMqttPublisher.ConnectAsync(port, $"load-{n}", user, password, Window)));
        using var stop = new CancellationTokenSource(runFor ?? duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(publishers.Select(p => Task.Run(() => p.RunAsync(n =>
        {
            var lamp = ids[(int)(n % (ids.Length - firstLoadLamp)) + firstLoadLamp];
            return ($"gd/bench/lamp/{lamp}/telemetry", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"brightness":100,"voltage":{{218 + n % 5}},"current":0.4,"power":{{86 + n % 5}}}""");
        }, () => Interlocked.Increment(ref _sequence), stop.Token))));
        var elapsed = clock.Elapsed.TotalSeconds;
        var acknowledged = publishers.Sum(p => p.Acknowledged);
        foreach (var p in publishers) await p.DisposeAsync();
        return acknowledged / elapsed;
    }

    /// <summary>The same load through MQTTnet's server, with no gateway, to a bare subscriber: the embedded broker's own ceiling.</summary>
    private async Task<double> BareEmbeddedIngestion()
    {
        var port = FreePort.Next();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        var rate = await ThroughBrokerToBareSubscriber(port);
        await server.StopAsync(new MqttServerStopOptions());
        return rate;
    }

    private async Task Ingestion(double ceiling, double bareEmbedded)
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
        // Steady state, as in operation: every lamp has reported once (its first report is saved at once).
        var warmAt = DateTimeOffset.FromUnixTimeMilliseconds(_epoch).AddMinutes(-1);
        await Load.Flood(ids.Length, 2_000, i => host.Grains().GetGrain<IStreetlightGrain>(ids[i])
            .ReportTelemetry(new LampTelemetry { Timestamp = warmAt, On = true, Brightness = 100, Voltage = 221, Current = 0.4, Power = 88 }));

        var alarms = new AlarmClock();
        await using var subscription = await DomainEventSubscription.StartAsync(host.Grains(), alarms);
        using var probe = await MqttLoad.ConnectAsync(port, "probe", "admin", "demo");

        // JIT tiering and caches settle under load first; only the steady state after that is measured.
        await PublishTelemetryAsync(port, "admin", "demo", ids, firstLoadLamp: 1000, TimeSpan.FromSeconds(5));
        Console.Error.WriteLine("measuring ingestion");
        var clock = Stopwatch.StartNew();
        var probing = Probe(probe, ids, alarms, clock);
        // The first 1,000 lamps are the alarm probes'.
        var drops = host.Services.GetRequiredService<IngestionDrops>();
        var droppedBefore = drops.Total;
        var acknowledged = await PublishTelemetryAsync(port, "admin", "demo", ids, firstLoadLamp: 1000);
        // A PUBACK under MQTT 3.1.1 cannot say "refused": count only what the grains accepted.
        var rate = acknowledged - (drops.Total - droppedBefore) / duration.TotalSeconds;
        var latencies = await probing;
        await host.StopAsync();
        Directory.Delete(folder, recursive: true);

        _report.AppendLine();
        _report.AppendLine($"Ingestion: {lamps:N0} lamps, {connections} connections publishing QoS 1 telemetry ({Window} in flight each, lean raw-socket publishers) for {duration.TotalSeconds:F0} s, after every lamp has reported once; each PUBACK means the lamp grain accepted it.");
        _report.AppendLine($"Alarm latency: a probe publishes a LEAKAGE report every 100 ms during that load, measured to the AlarmRaised domain event ({latencies.Count} samples).");
        _report.AppendLine();
        _report.AppendLine("| measure | this run | × ceiling (embedded broker) | goal |");
        _report.AppendLine("|---|---:|---:|---:|");
        _report.AppendLine($"| reference: the same load through mosquitto to a bare subscriber (mosquitto_sub, QoS 1) | {ceiling:N0} msgs/s | {ceiling / bareEmbedded:F2} | |");
        _report.AppendLine($"| ceiling: the same load through the embedded broker (MQTTnet) to a bare subscriber | {bareEmbedded:N0} msgs/s | 1.00 | |");
        _report.AppendLine($"| broker → gateway → grains, QoS 1 acknowledged after the grain | {rate:N0} msgs/s | {rate / bareEmbedded:F2} | ≥ 30,000 and ≥ 0.5× |");
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
