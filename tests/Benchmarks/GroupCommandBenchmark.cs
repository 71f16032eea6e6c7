using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GridDispatch.Grains.Lighting;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 19's figure: one group command (群控) to every lamp of a township of N lamps, on the real silo process
/// (embedded broker, SQLite). The lamps are a fleet on MQTT that answers as the simulator does: each command on
/// <c>…/cmd</c> is acknowledged on <c>…/cmd/ack</c> with its <c>cmdId</c>. Before the command, the same lamps'
/// telemetry is pushed unpaced for a while through the e2e benchmark's lean connections: the ingest rate the
/// command's rate is set against, in the same run.
/// </summary>
public sealed class GroupCommandBenchmark(int lamps)
{
    private const string Township = "bench0";
    private const int Connections = 32;
    private const int Window = 32;
    private const int AckConnections = 8;
    /// <summary>Lamps per subscriber: under the broker's 1,000 queued a client, so even a whole share's burst is never cut.</summary>
    private const int LampsPerSubscriber = 500;
    private static readonly TimeSpan IngestFor = TimeSpan.FromSeconds(15);
    /// <summary>Gives up waiting once no lamp part settled for this long: longer than the group's check, which has a lost part re-sent.</summary>
    private static readonly TimeSpan Stalled = GroupCommandGrain.RefreshEvery + TimeSpan.FromSeconds(45);
    private readonly ConcurrentDictionary<string, int> _received = new();
    private long _firstCommandAt, _lastCommandAt, _duplicates;

    public async Task<string> RunAsync()
    {
        var folder = RepositoryPaths.NewTempFolder("bench-group");
        // Lamps are expected every hour here: the fleet is silent between the ingest run and its answers, and must not fall to COMM_LOSS meanwhile.
        await using var silo = await SiloWithClient.StartAsync(folder,
            ["--demo", "--db", Path.Combine(folder, "group.db"), "--Streetlights:Faults:ReportInterval=01:00:00"]);
        var import = Stopwatch.StartNew();
        var ids = (await BenchTownships.ImportAsync(silo.Grains, lamps, 1))[0];
        var importSeconds = import.Elapsed.TotalSeconds;
        using var management = new HttpClient { BaseAddress = silo.Silo.ManagementAddress };

        var ingest = await IngestAsync(silo.Silo, management, ids);

        // The fleet: subscribers sharing the lamps, each on its lamps' own `…/cmd` topics, as lamps on a concentrator would be. One
        // subscriber on `…/+/cmd` would get every command on one connection, whose queue on the embedded broker (1,000 messages a client, the
        // rest dropped) a burst overflows; a real lamp has one command in flight on its own connection.
        var answers = Channel.CreateUnbounded<(string Topic, string Payload)>();
        var subscribers = new List<IMqttClient>();
        foreach (var share in ids.Chunk(LampsPerSubscriber))
        {
            var client = new MqttClientFactory().CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e =>
            {
                var topic = e.ApplicationMessage.Topic;
                var lamp = topic.Split('/')[3];
                var now = Stopwatch.GetTimestamp();
                Interlocked.CompareExchange(ref _firstCommandAt, now, 0);
                Interlocked.Exchange(ref _lastCommandAt, now);
                if (_received.AddOrUpdate(lamp, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref _duplicates);
                var cmdId = JsonDocument.Parse(e.ApplicationMessage.ConvertPayloadToString()).RootElement.GetProperty("cmdId").GetString();
                answers.Writer.TryWrite((topic + "/ack", $$"""{"cmdId":"{{cmdId}}","ok":true}"""));
                return Task.CompletedTask;
            };
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", silo.Silo.MqttPort)
                .WithClientId($"fleet-{subscribers.Count}-{Guid.NewGuid():N}"[..20]).WithCredentials("admin", "demo").WithCleanSession().Build());
            foreach (var topics in share.Chunk(500))
            {
                var subscribe = new MqttClientSubscribeOptionsBuilder();
                foreach (var lamp in topics) subscribe.WithTopicFilter($"gd/{Township}/lamp/{lamp}/cmd", MqttQualityOfServiceLevel.AtLeastOnce);
                await client.SubscribeAsync(subscribe.Build());
            }

            subscribers.Add(client);
        }

        var ackers = await Task.WhenAll(Enumerable.Range(0, AckConnections)
            .Select(n => RawMqttPublisher.ConnectAsync(silo.Silo.MqttPort, $"acks-{n}-{Guid.NewGuid():N}"[..20], "admin", "demo", Window)));
        var answering = Task.WhenAll(ackers.Select(a => Task.Run(() => a.RunQueueAsync(answers.Reader))));

        var group = silo.Grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(Township, "bench-dim"));
        var lossesBefore = await LossesAsync(management);
        var cpuBefore = ProcessFigures.CpuSeconds(silo.Silo.ProcessId);
        var clock = Stopwatch.StartNew();
        var (started, error) = await group.Start(new GroupCommandRequest { Target = GroupTarget.Township, Action = GroupAction.Brightness, Brightness = 60 }, "admin");
        if (started is null) throw new InvalidOperationException($"group command refused: {error}");
        var startSeconds = clock.Elapsed.TotalSeconds;

        // Progress as the screen sees it, until every part settled or none did for a while.
        double? at99 = null, at100 = null, fannedOut = started.Queued == 0 ? startSeconds : null;
        var progress = started;
        var (lastSettled, lastMoved) = (-1, clock.Elapsed);
        while (clock.Elapsed - lastMoved < Stalled)
        {
            progress = await group.GetProgress() ?? progress;
            var settled = progress.Acknowledged + progress.Failed;
            if (fannedOut is null && progress.Queued == 0) fannedOut = clock.Elapsed.TotalSeconds;
            if (settled != lastSettled) (lastSettled, lastMoved) = (settled, clock.Elapsed);
            if (at99 is null && progress.Acknowledged >= 0.99 * progress.Total) at99 = clock.Elapsed.TotalSeconds;
            if (progress.Acknowledged == progress.Total) { at100 = clock.Elapsed.TotalSeconds; break; }
            if (progress.Sent + progress.Pending + progress.Queued == 0) break; // settled, some failed
            await Task.Delay(100);
        }

        var waitedSeconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = ProcessFigures.CpuSeconds(silo.Silo.ProcessId) - cpuBefore;
        var losses = await LossesAsync(management) - lossesBefore;
        answers.Writer.Complete();
        await answering;
        var (ackSent, ackAcknowledged) = (ackers.Sum(a => a.Sent), ackers.Sum(a => a.Acknowledged));
        foreach (var a in ackers) await a.DisposeAsync();
        foreach (var client in subscribers)
        {
            await client.DisconnectAsync();
            client.Dispose();
        }
        var rss = ProcessFigures.RssBytes(silo.Silo.ProcessId) / 1048576.0;
        Directory.Delete(folder, recursive: true);

        return Report(importSeconds, ingest, progress, startSeconds, fannedOut, at99, at100, waitedSeconds, ackSent, ackAcknowledged, cpuSeconds, rss, losses);
    }

    /// <summary>What the platform counted as lost on the way out: commands its outbound queue or a subscriber's broker queue dropped, and event batches its inbox dropped.</summary>
    private sealed record Losses(double OutboundQueue, double ClientQueues, double OtherOutbound, double InboxBatches)
    {
        public static Losses operator -(Losses a, Losses b) =>
            new(a.OutboundQueue - b.OutboundQueue, a.ClientQueues - b.ClientQueues, a.OtherOutbound - b.OtherOutbound, a.InboxBatches - b.InboxBatches);
    }

    private static async Task<Losses> LossesAsync(HttpClient management)
    {
        const string dropped = "griddispatch_mqtt_outbound_dropped_total";
        var all = await PrometheusText.SumAsync(management, dropped, "kind=\"Command\"");
        var queue = await PrometheusText.SumAsync(management, dropped, "reason=\"queue_full\"");
        var clients = await PrometheusText.SumAsync(management, dropped, "reason=\"client_queue_full\"");
        var inbox = await PrometheusText.SumAsync(management, "griddispatch_events_handler_dropped_total", "MqttOutboundPublisher");
        return new Losses(queue, clients, all - queue - clients, inbox);
    }

    private sealed record IngestFigures(double TakenPerSecond, long Dropped);

    /// <summary>The lamps' telemetry, unpaced, for <see cref="IngestFor"/>: what the gateway took into grains per second.</summary>
    private static async Task<IngestFigures> IngestAsync(SiloProcess silo, HttpClient management, string[] ids)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, Connections)
            .Select(n => RawMqttPublisher.ConnectAsync(silo.MqttPort, $"gc-{n}-{Guid.NewGuid():N}"[..20], "admin", "demo", Window)));
        var (ingestedBefore, droppedBefore) = (await PrometheusText.IngestedAsync(management), await PrometheusText.DroppedAsync(management));
        long sequence = 0;
        using var stop = new CancellationTokenSource(IngestFor);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(publishers.Select(p => Task.Run(() => p.RunAsync(n => BenchTownships.SteadyReport(ids[(int)(n % ids.Length)], n),
            () => Interlocked.Increment(ref sequence), stop.Token))));
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var p in publishers) await p.DisposeAsync();
        var ingested = await PrometheusText.IngestedAsync(management) - ingestedBefore;
        var dropped = await PrometheusText.DroppedAsync(management) - droppedBefore;
        return new IngestFigures(ingested / elapsed, (long)dropped);
    }

    private string Report(double importSeconds, IngestFigures ingest, GroupCommandProgress p, double startSeconds, double? fannedOut, double? at99, double? at100,
        double waitedSeconds, long ackSent, long ackAcknowledged, double cpuSeconds, double rss, Losses losses)
    {
        var received = _received.Count;
        var commandSeconds = Stopwatch.GetElapsedTime(_firstCommandAt, _lastCommandAt).TotalSeconds;
        // The command's rate: lamps reached over the span from the command's start to the last command received.
        var reachedSeconds = Math.Max(startSeconds, at100 ?? waitedSeconds);
        var messages = received + Interlocked.Read(ref _duplicates);
        var commandRate = messages / Math.Max(0.001, commandSeconds);
        var text = new StringBuilder();
        text.AppendLine($"One township of {lamps:N0} lamps (100 villages), the real silo process (`--demo`: embedded broker, SQLite FULL), imported and warmed in {importSeconds:F0} s. " +
                        $"Ingest first: the same lamps' telemetry pushed unpaced for {IngestFor.TotalSeconds:F0} s over {Connections} lean MQTT connections ({Window} QoS 1 in flight each), " +
                        "counted by the gateway (`griddispatch_mqtt_accepted_total`). Then one group command, `Township` → brightness 60 %, started through the grain " +
                        $"(as `POST …/lighting/group-commands` does) and followed by its progress every 100 ms. The lamps: {(lamps + LampsPerSubscriber - 1) / LampsPerSubscriber} MQTT subscribers of {LampsPerSubscriber} lamps each, each on its lamps' own " +
                        $"`gd/{Township}/lamp/{{lampId}}/cmd`, that answer each command on its `…/cmd/ack` with its `cmdId` and `ok:true`, as the simulator does, " +
                        $"through {AckConnections} lean connections. Every part is counted: from the command's progress and from the lamps' side.");
        text.AppendLine();
        text.AppendLine("| measure | this run |");
        text.AppendLine("|---|---:|");
        text.AppendLine($"| telemetry ingested before the command (refused) | {ingest.TakenPerSecond:N0} msgs/s ({ingest.Dropped:N0}) |");
        text.AppendLine($"| `Start` answered (its first {GroupCommandGrain.InlineParts:N0} parts sent) / fan-out: every lamp's part sent or held | {startSeconds:F1} s / {Seconds(fannedOut)} |");
        text.AppendLine($"| time until 99 % acknowledged / 100 % | {Seconds(at99)} / {Seconds(at100)} |");
        text.AppendLine($"| commands received by the lamps: distinct lamps / messages (repeats) | {received:N0} / {received + Interlocked.Read(ref _duplicates):N0} ({Interlocked.Read(ref _duplicates):N0}) |");
        text.AppendLine($"| command messages per second, first to last received (distinct lamps a second) | {commandRate:N0} msgs/s over {commandSeconds:F1} s ({received / Math.Max(0.001, commandSeconds):N0}/s) |");
        text.AppendLine($"| against the ingest rate | {commandRate / Math.Max(1, ingest.TakenPerSecond):F2}× |");
        text.AppendLine($"| answers: published by the lamps / PUBACKed by the platform | {ackSent:N0} / {ackAcknowledged:N0} |");
        text.AppendLine($"| the command's progress at the end: total / acknowledged / sent (awaiting) / pending (held) / failed / queued | {p.Total:N0} / {p.Acknowledged:N0} / {p.Sent:N0} / {p.Pending:N0} / {p.Failed:N0} / {p.Queued:N0} |");
        text.AppendLine($"| lamps never reached (total − distinct lamps that received it) | {p.Total - received:N0} |");
        text.AppendLine($"| losses the platform counted: commands dropped by its outbound queue / by subscribers' broker queues / otherwise; event batches its inbox dropped | " +
                        $"{losses.OutboundQueue:N0} / {losses.ClientQueues:N0} / {losses.OtherOutbound:N0}; {losses.InboxBatches:N0} |");
        text.AppendLine($"| silo CPU from the start to the end (2 cores = 200 %) / RSS at the end | {cpuSeconds / Math.Max(0.001, reachedSeconds) * 100:F0} % / {rss:N0} MB |");
        text.AppendLine();
        return text.ToString();

        static string Seconds(double? s) => s is { } v ? $"{v:F1} s" : "not reached";
    }
}
