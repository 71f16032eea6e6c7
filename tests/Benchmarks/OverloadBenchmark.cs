using System.Diagnostics;
using System.Text;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 22, goal 2: overload without silent loss, through mosquitto. The local cluster of silo/cluster.sh with one silo
/// and one gateway; first its capacity (telemetry unpaced), then twice that offered for the run's duration while lamps
/// send fault events (QoS 1) at a steady pace. Every message is counted where it ends: events acknowledged by mosquitto
/// against events the gateway ingested; telemetry acknowledged by mosquitto against telemetry ingested, refused and shed
/// by the gateway, and dropped by mosquitto (its <c>$SYS</c> count, as the gateway shows it on /metrics).
/// </summary>
public sealed class OverloadBenchmark(int lamps, TimeSpan duration)
{
    private const int Connections = 16;
    private const int Window = 16;
    private const double EventsPerSecond = 20;
    private long _sequence;

    private sealed record Counts(double Telemetry, double Events, double Refused, double Shed, double BrokerDropped)
    {
        public static Counts operator -(Counts a, Counts b) =>
            new(a.Telemetry - b.Telemetry, a.Events - b.Events, a.Refused - b.Refused, a.Shed - b.Shed, a.BrokerDropped - b.BrokerDropped);
    }

    private sealed record Phase(double Seconds, long Sent, long Acknowledged, long EventsAcknowledged, Counts InPhase, Counts Drained, long? MosquittoDropped);

    public async Task<string> RunAsync()
    {
        Environment.SetEnvironmentVariable("CLUSTER_MOSQUITTO_SYS_INTERVAL", "1"); // inherited by silo/cluster.sh
        await using var cluster = await LocalCluster.StartAsync(silos: 1);
        await MosquittoSys.GrantAsync(Path.Combine(cluster.Folder, "mosquitto", "griddispatch.acl"), LocalCluster.GatewayUser, cluster.Processes()["mosquitto"]);
        var grains = await cluster.ClientAsync();
        var all = (await BenchTownships.ImportAsync(grains, lamps, 10)).SelectMany(x => x).ToArray();
        using var metrics = new HttpClient { BaseAddress = cluster.GatewayManagement };

        var capacity = await LoadAsync(cluster, metrics, all, perSecond: null, TimeSpan.FromSeconds(15), events: false);
        var capacityPerSecond = capacity.InPhase.Telemetry / capacity.Seconds;
        var overload = await LoadAsync(cluster, metrics, all, perSecond: 2 * capacityPerSecond, duration, events: true);

        var report = new StringBuilder();
        report.AppendLine($"{lamps:N0} lamps in 10 townships; the local cluster (silo/cluster.sh: mosquitto 2.0 with `max_queued_messages 100000` and `sys_interval 1`, " +
                          $"redis-server, 1 silo, 1 gateway, the dashboard) on this 2-core machine, which also runs the load generator. {Connections} lean publishers ({Window} QoS 1 " +
                          $"in flight each) offer telemetry to mosquitto: first unpaced for 15 s (capacity: what the gateway ingested), then paced at 2× that for {duration.TotalSeconds:F0} s " +
                          $"while one more publisher sends {EventsPerSecond:F0} fault events a second (QoS 1, each on a lamp of its own).");
        report.AppendLine();
        report.AppendLine("Acknowledged is mosquitto's PUBACKs to the publishers. Ingested, refused and shed are the gateway's own counts (`griddispatch_mqtt_accepted_total{kind}`, " +
                          "`griddispatch_mqtt_dropped_total`, `griddispatch_mqtt_telemetry_shed_total`) during the phase and after it drained; broker dropped is mosquitto's " +
                          "`$SYS/broker/publish/messages/dropped` as the gateway shows it (`griddispatch_mqtt_broker_dropped`). Unaccounted = acknowledged − ingested − refused − shed − broker dropped.");
        report.AppendLine();
        report.AppendLine("| phase | telemetry sent msgs/s | acknowledged msgs/s | ingested msgs/s (in the phase) | shed | broker dropped: gateway's gauge (mosquitto_sub's reading) | unaccounted | events acknowledged / ingested |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Line("capacity, unpaced", capacity);
        Line($"2× capacity ({2 * capacityPerSecond:N0}/s offered)", overload);
        report.AppendLine();
        var d = overload.Drained;
        report.AppendLine($"Under 2× overload: events {d.Events:N0} ingested of {overload.EventsAcknowledged:N0} acknowledged ({Ratio(d.Events, overload.EventsAcknowledged)}); " +
                          $"telemetry ingested {d.Telemetry / overload.Acknowledged:P1} of acknowledged, shed by the gateway {d.Shed / overload.Acknowledged:P1}, " +
                          $"dropped by mosquitto {d.BrokerDropped / overload.Acknowledged:P1}, unaccounted {Unaccounted(overload):N0}.");
        return report.ToString();

        void Line(string name, Phase p) =>
            report.AppendLine($"| {name} | {p.Sent / p.Seconds:N0} | {p.Acknowledged / p.Seconds:N0} | {p.InPhase.Telemetry / p.Seconds:N0} | {p.Drained.Shed:N0} | " +
                              $"{p.Drained.BrokerDropped:N0} ({p.MosquittoDropped?.ToString("N0") ?? "unknown"}) | {Unaccounted(p):N0} | " +
                              $"{(p.EventsAcknowledged == 0 ? "–" : $"{p.EventsAcknowledged:N0} / {p.Drained.Events:N0}")} |");
    }

    private static string Ratio(double part, double whole) => whole == 0 ? "–" : $"{part / whole:P1}";

    private static double Unaccounted(Phase p) =>
        p.Acknowledged - p.Drained.Telemetry - p.Drained.Refused - p.Drained.Shed - p.Drained.BrokerDropped;

    private async Task<Phase> LoadAsync(LocalCluster cluster, HttpClient metrics, string[] all, double? perSecond, TimeSpan length, bool events)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, Connections).Select(n =>
            RawMqttPublisher.ConnectAsync(cluster.MqttPort, $"overload-{n}-{Guid.NewGuid():N}"[..22], LocalCluster.GatewayUser, LocalCluster.GatewayPassword, Window)));
        await using var faults = await RawMqttPublisher.ConnectAsync(cluster.MqttPort, $"overload-ev-{Guid.NewGuid():N}"[..22], LocalCluster.GatewayUser, LocalCluster.GatewayPassword, 16);
        var before = await ReadAsync(metrics);
        var mosquittoBefore = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped);
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(length);
        (string Topic, string Payload) Next(long n) => BenchTownships.SteadyReport(all[(int)(n % all.Length)], n);
        var loading = Task.WhenAll(publishers.Select(p => Task.Run(() => perSecond is { } rate
            ? p.RunPacedAsync(Next, () => Interlocked.Increment(ref _sequence), rate / Connections, stop.Token)
            : p.RunAsync(Next, () => Interlocked.Increment(ref _sequence), stop.Token))));
        var eventNumber = 0L;
        var faulting = !events ? Task.CompletedTask : faults.RunPacedAsync(n =>
        {
            var lamp = all[(int)(n * 7919 % all.Length)]; // spread over the lamps, and so over the gateway's workers
            return ($"gd/{lamp[..lamp.IndexOf('-')]}/lamp/{lamp}/event", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"type":"fault","code":"POLE_TILT"}""");
        }, () => Interlocked.Increment(ref eventNumber), EventsPerSecond, stop.Token);
        await loading;
        await faulting;
        var seconds = clock.Elapsed.TotalSeconds;
        var inPhase = await ReadAsync(metrics) - before;
        var drained = await DrainedAsync(metrics) - before;
        var mosquittoDropped = await MosquittoSys.ReadAsync(cluster.MqttPort, LocalCluster.GatewayUser, LocalCluster.GatewayPassword, MosquittoSys.Dropped) - mosquittoBefore;
        foreach (var p in publishers) await p.DisposeAsync();
        Console.WriteLine($"phase: sent {publishers.Sum(p => p.Sent):N0}, acknowledged {publishers.Sum(p => p.Acknowledged):N0}, drained {drained}, mosquitto dropped {mosquittoDropped}");
        return new Phase(seconds, publishers.Sum(p => p.Sent), publishers.Sum(p => p.Acknowledged), faults.Acknowledged, inPhase, drained, mosquittoDropped);
    }

    private static async Task<Counts> ReadAsync(HttpClient metrics)
    {
        var text = await PrometheusText.TextAsync(metrics);
        return new Counts(PrometheusText.Sum(text, "griddispatch_mqtt_accepted_total", "kind=\"telemetry\""), PrometheusText.Sum(text, "griddispatch_mqtt_accepted_total", "kind=\"event\""),
            PrometheusText.Dropped(text), PrometheusText.TelemetryShed(text),
            PrometheusText.Sum(text, "griddispatch_mqtt_broker_dropped"));
    }

    /// <summary>Waits until the gateway's counts read a second apart stop moving (at most a minute), and one more $SYS interval for mosquitto's; returns them.</summary>
    private static async Task<Counts> DrainedAsync(HttpClient metrics)
    {
        var last = await ReadAsync(metrics);
        for (var i = 0; i < 60; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1)); // two reads a moment apart agree between any two batches
            var now = await ReadAsync(metrics);
            if (now == last) return await ReadAsync(metrics);
            last = now;
        }

        return last;
    }
}
