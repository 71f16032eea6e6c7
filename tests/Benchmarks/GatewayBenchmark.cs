using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
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
/// Issue 4's figures in one run: the embedded broker (MQTTnet) against mosquitto as bare brokers, and ingestion
/// through the real silo process (embedded broker → gateway → grains) with 100,000 lamps against what each broker
/// alone delivers to a bare subscriber, with alarm latency from a probe's publish to a SignalR screen outside the silo.
/// Every row of the ingestion table uses the same publisher (<see cref="RawMqttPublisher"/>) and connection count.
/// </summary>
public sealed class GatewayBenchmark(int lamps, TimeSpan duration, int connections, int window = 16)
{
    private const int Townships = 10;
    private const int ProbeLamps = 1_000;
    private long _sequence;
    private readonly StringBuilder _report = new();

    public async Task<string> RunAsync()
    {
        await using var mosquitto = await MosquittoServer.StartAsync(new Dictionary<string, string> { ["bench"] = "bench" }, "user bench\ntopic readwrite #\n");
        _report.AppendLine("Bare brokers (the `fanout` benchmark's table, #22 goal 3):");
        _report.AppendLine();
        _report.Append(await new FanoutBenchmark(duration).TableAsync(mosquitto.Port, mosquitto.ProcessId));
        _report.AppendLine();

        var ceiling = await ThroughBrokerToBareSubscriber(mosquitto.Port);
        var ceilingQos1 = await ThroughBrokerToBareSubscriber(mosquitto.Port, subscriberQos: 1);
        var bareEmbedded = await BareEmbeddedIngestion();
        await Ingestion(ceiling, ceilingQos1, bareEmbedded);
        return _report.ToString();
    }

    public async Task<string> RunIngestionOnlyAsync()
    {
        await Ingestion(null, null, await BareEmbeddedIngestion());
        return _report.ToString();
    }

    /// <summary>mosquitto's pass-through for this load (this publisher, this many connections), on its own: the ceiling other benchmarks put themselves beside.</summary>
    public async Task<LoadFigures> MosquittoCeilingAsync()
    {
        await using var mosquitto = await MosquittoServer.StartAsync(new Dictionary<string, string> { ["bench"] = "bench" }, "user bench\ntopic readwrite #\n");
        return await ThroughBrokerToBareSubscriber(mosquitto.Port);
    }

    /// <summary>
    /// The telemetry load, unpaced, through the broker on <paramref name="port"/> to mosquitto_sub on <c>gd/#</c> (QoS 0 by default:
    /// the broker forwards without waiting for the subscriber), which only reads. Taken is what the subscriber received, not the PUBACKs.
    /// </summary>
    private async Task<LoadFigures> ThroughBrokerToBareSubscriber(int port, int subscriberQos = 0)
    {
        await using var subscriber = await BareSubscriber.StartAsync(port, "bench", "bench", subscriberQos);
        var ids = Enumerable.Range(0, lamps).Select(n => $"bench{n % Townships}-L{n:D6}").ToArray();
        var published = await PublishTelemetryAsync(port, "bench", "bench", ids, duration);
        return published with { Taken = await subscriber.SettledAsync() };
    }

    /// <summary>
    /// <c>connections</c> lean publishers, each with <c>window</c> QoS 1 messages in flight, send steady telemetry
    /// round-robin over <paramref name="ids"/> for <paramref name="runFor"/>, as fast as the acknowledgements allow.
    /// </summary>
    private async Task<LoadFigures> PublishTelemetryAsync(int port, string user, string password, string[] ids, TimeSpan runFor)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, connections)
            .Select(n => RawMqttPublisher.ConnectAsync(port, $"load-{n}-{Guid.NewGuid():N}"[..20], user, password, window)));
        using var stop = new CancellationTokenSource(runFor);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(publishers.Select(p => Task.Run(() => p.RunAsync(n => BenchTownships.SteadyReport(ids[(int)(n % ids.Length)], n),
            () => Interlocked.Increment(ref _sequence), stop.Token))));
        var elapsed = clock.Elapsed.TotalSeconds;
        var figures = new LoadFigures(elapsed, double.PositiveInfinity, publishers.Sum(p => p.Sent), publishers.Sum(p => p.Acknowledged), 0);
        foreach (var p in publishers) await p.DisposeAsync();
        return figures;
    }

    /// <summary>The same load through MQTTnet's server, with no gateway, to a bare subscriber: the embedded broker's own ceiling.</summary>
    private async Task<LoadFigures> BareEmbeddedIngestion()
    {
        var port = FreePort.Next();
        await using var broker = await EmbeddedBrokerAlone.StartAsync(port);
        return await ThroughBrokerToBareSubscriber(port);
    }

    /// <summary>The load into the real silo process (embedded broker, SQLite FULL), with alarm probes watched by a SignalR screen.</summary>
    private async Task Ingestion(LoadFigures? ceiling, LoadFigures? ceilingQos1, LoadFigures bareEmbedded)
    {
        var folder = RepositoryPaths.NewTempFolder("bench-gateway");
        LoadFigures load;
        ProbeFigures alarms;
        await using (var silo = await SiloWithClient.StartAsync(folder, "--demo", "--db", Path.Combine(folder, "gateway.db")))
        {
            // Steady state, as in operation: every lamp has reported once (its first report is saved at once).
            var ids = await BenchTownships.ImportAsync(silo.Grains, lamps, Townships);
            var probeLamps = ids[0][..ProbeLamps];
            var loadLamps = ids.SelectMany(x => x).Skip(ProbeLamps).ToArray(); // ids[0] comes first: the probes' lamps carry no load
            await using var screen = await AlarmScreen.WatchAsync(silo.Silo.BaseAddress, "bench0");
            using var management = new HttpClient { BaseAddress = silo.Silo.ManagementAddress };

            // JIT tiering and caches settle under load first; only the steady state after that is measured.
            await PublishTelemetryAsync(silo.Silo.MqttPort, "admin", "demo", loadLamps, TimeSpan.FromSeconds(5));
            Console.Error.WriteLine("measuring ingestion");
            var (ingestedBefore, droppedBefore) = (await PrometheusText.IngestedAsync(management), await PrometheusText.DroppedAsync(management));
            var probes = new List<(string Lamp, long At)>();
            await using var probe = await RawMqttPublisher.ConnectAsync(silo.Silo.MqttPort, $"probe-{Guid.NewGuid():N}"[..20], "admin", "demo", 16);
            using var probeStop = new CancellationTokenSource(duration);
            var probing = probe.RunPacedAsync(_ =>
            {
                var lamp = probeLamps[probes.Count % probeLamps.Length];
                lock (probes) probes.Add((lamp, Stopwatch.GetTimestamp()));
                return BenchTownships.LeakageReport(lamp);
            }, () => 0, 10, probeStop.Token);
            load = await PublishTelemetryAsync(silo.Silo.MqttPort, "admin", "demo", loadLamps, duration);
            await probing;
            // The gateway's own counters: a 3.1.1 PUBACK cannot say "refused", so ingestion is what it accepted into grains.
            var ingested = await PrometheusText.IngestedAsync(management) - ingestedBefore - probe.Acknowledged;
            var dropped = await PrometheusText.DroppedAsync(management) - droppedBefore;
            load = load with { Taken = (long)ingested, Dropped = (long)dropped };
            await Task.Delay(3_000); // the last probes' alarms
            alarms = screen.Measure(probes);
        }

        Directory.Delete(folder, recursive: true);
        _report.AppendLine();
        _report.AppendLine($"Ingestion: {lamps:N0} lamps in {Townships} townships on the real silo process (embedded broker, SQLite FULL), after every lamp has reported once and 5 s of warm-up; " +
                           $"{connections} connections of the same lean publisher in every row ({window} QoS 1 messages in flight each), unpaced, {duration.TotalSeconds:F0} s. " +
                           "A broker's figure is what mosquitto_sub received from it (at QoS 0 the broker forwards without waiting for the subscriber: the broker's own pass-through; at QoS 1 one subscriber's acknowledgements pace it); the silo's is what the gateway ingested into grains (its `griddispatch_mqtt_accepted_total`), its refusals counted apart.");
        _report.AppendLine($"Alarm latency: a probe publishes a LEAKAGE report every 100 ms during that load, measured to the `alarmRaised` message on a SignalR client of the command-centre hub in the benchmark process (out of the silo); a probe whose alarm never arrives is counted as lost, later than any.");
        _report.AppendLine();
        var reference = ceiling ?? bareEmbedded;
        _report.AppendLine($"| path | sent msgs/s | acknowledged msgs/s | taken msgs/s | × {(ceiling is null ? "embedded broker" : "mosquitto")} → QoS 0 subscriber | acknowledged, not taken |");
        _report.AppendLine("|---|---:|---:|---:|---:|---:|");
        if (ceiling is not null) Line("reference: mosquitto → mosquitto_sub at QoS 0 (delivered)", ceiling);
        if (ceilingQos1 is not null) Line("mosquitto → mosquitto_sub at QoS 1 (delivered)", ceilingQos1);
        Line("embedded broker alone (MQTTnet, no gateway) → mosquitto_sub at QoS 0 (delivered)", bareEmbedded);
        Line("embedded broker → gateway → grains (ingested)", load);
        _report.AppendLine();
        _report.AppendLine("| measure | this run | goal |");
        _report.AppendLine("|---|---:|---:|");
        _report.AppendLine($"| ingestion into grains | {load.TakenPerSecond:N0} msgs/s | ≥ 30,000 |");
        if (ceiling is not null) _report.AppendLine($"| ingestion × mosquitto's pass-through (same run, same publisher) | {load.TakenPerSecond / ceiling.TakenPerSecond:F2}× | |");
        _report.AppendLine($"| ingestion × the embedded broker's own pass-through | {load.TakenPerSecond / bareEmbedded.TakenPerSecond:F2}× | ≥ 0.5× |");
        _report.AppendLine($"| refused by the gateway / acknowledged but not ingested | {load.Dropped:N0} / {load.Unaccounted:N0} | |");
        _report.AppendLine($"| alarm latency, publish → SignalR screen, p50 / p99 ms | {alarms.Percentiles} | p99 < 250 ms |");
        _report.AppendLine($"| alarm probes seen / sent (lost) | {alarms.Seen} / {alarms.Sent} ({alarms.Lost}) | none lost |");

        void Line(string name, LoadFigures f) =>
            _report.AppendLine($"| {name} | {f.SentPerSecond:N0} | {f.AcknowledgedPerSecond:N0} | {f.TakenPerSecond:N0} | {f.TakenPerSecond / reference.TakenPerSecond:F2} | {f.Acknowledged - f.Taken - f.Dropped:N0} of {f.Acknowledged:N0} |");
    }
}
