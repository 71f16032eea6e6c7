using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Simulators;
using GridDispatch.Simulators.Scenarios;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 6's figures, end to end through the public protocols against the real silo process (embedded
/// broker, SQLite): N lamps reporting once per 10 s for a sustained period with alarm latency from a
/// lamp's publish to a SignalR client's receipt, none lost; dispatch latency from a whistle to the work
/// order on the responder's MQTT stream; the silo's CPU and peak RSS; then a ramp to the highest rate
/// whose alarm p99 stays under 1 s; mosquitto's pass-through measured in the same run as the ceiling.
/// </summary>
public sealed partial class EndToEndBenchmark(int lamps, TimeSpan sustain)
{
    private const int Townships = 10;
    private const int Connections = 32;
    private const int Window = 32;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private readonly StringBuilder _report = new();
    /// <summary>Work orders seen on the responders' stream: when (this process's clock and the wall clock) and when the silo offered it (its wall clock).</summary>
    private readonly ConcurrentDictionary<string, (long At, long WallMs, long OfferedAtMs)> _ordersSeen = new();
    private long _sequence;

    public async Task<string> RunAsync()
    {
        // The ceiling uses the same publisher with the same connections and window as the load below.
        var ceiling = (await new GatewayBenchmark(lamps, TimeSpan.FromSeconds(10), Connections, Window).MosquittoCeilingAsync()).TakenPerSecond;
        var run = await RunSiloAsync([], [20_000, 30_000, 40_000, 50_000, 60_000]);
        Report(ceiling, run);
        return _report.ToString();
    }

    /// <summary>
    /// What the durable history costs (#17): the same silo, load and whistles with history off
    /// (<c>History:Store=None</c>) and on (the embedded default, SQLite beside the grain database),
    /// alternating off, on, off, on in one run so that a change in the shared machine's load falls on
    /// both; each silo ends with steps offered far over capacity, which give the rate it can take.
    /// </summary>
    public async Task<string> HistoryCostAsync()
    {
        int[] overCapacity = [60_000, 60_000];
        var runs = new List<(bool History, SiloRun Run)>();
        foreach (var history in new[] { false, true, false, true })
            runs.Add((history, await RunSiloAsync(history ? [] : ["--History:Store=None"], overCapacity, stopWhenMissed: false)));
        ReportHistoryCost(runs);
        return _report.ToString();
    }

    /// <summary>One silo's run; <paramref name="RampCpuSeconds"/> is the silo's CPU over each ramp step; <paramref name="Memory"/> what its RSS held at the end of the sustained load.</summary>
    private sealed record SiloRun(StepResult Sustained, double Cpu, double SustainedCpuSeconds, (double Import, double Sustained, double Ramp) Rss, List<StepResult> Ramp, List<double> RampCpuSeconds,
        SiloMemory Memory, (StepResult Step, double Cpu)? Quiet = null);

    /// <summary>
    /// One silo: imported, then the sustained step (a report per lamp every 10 s, whistles at <paramref name="whistlesPerSecond"/>), then the ramp.
    /// With <paramref name="quietFirst"/>, a step as long with the same whistles and only <see cref="QuietRate"/> of telemetry comes before the sustained one.
    /// </summary>
    /// <remarks>
    /// With <paramref name="restartAfterImport"/>, the silo that imported is stopped (gracefully: it saves what it holds) and a new
    /// one started on its database runs the load, its lamps woken by a report each: what a silo runs like in operation, with
    /// none of the import's garbage in its heap.
    /// </remarks>
    private async Task<SiloRun> RunSiloAsync(string[] extraArguments, int[] rampRates, bool stopWhenMissed = true, IReadOnlyDictionary<string, string>? environment = null,
        double whistlesPerSecond = 0.5, bool quietFirst = false, bool restartAfterImport = false)
    {
        var folder = RepositoryPaths.NewTempFolder("bench-e2e");
        Interlocked.Exchange(ref _probeOffset, 0); // a fresh database: every lamp can be probed again (levers would run out of lamps)
        string[] arguments = ["--demo", "--db", Path.Combine(folder, "e2e.db"), .. extraArguments];
        environment ??= new Dictionary<string, string>();
        List<string[]>? imported = null;
        if (restartAfterImport)
        {
            await using var importer = await StartSiloAsync(folder, arguments, environment);
            imported = await BenchTownships.ImportAsync(importer.Grains, lamps, Townships);
            await importer.Silo.StopAsync(TimeSpan.FromMinutes(2));
        }

        await using var silo = await StartSiloAsync(folder, arguments, environment);
        try
        {
            var run = await RunOnSiloAsync(silo, rampRates, stopWhenMissed, whistlesPerSecond, quietFirst, imported);
            Directory.Delete(folder, recursive: true);
            return run;
        }
        catch (Exception) when (SiloSaid(silo.Silo))
        {
            throw; // never reached: the filter prints what the silo said while it is still running, and declines
        }
    }

    /// <summary>A benchmark that fails prints the silo's state and its last lines, so the failure says whether the silo died, and why.</summary>
    private static bool SiloSaid(SiloProcess silo)
    {
        Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] the benchmark failed; the silo {(silo.HasExited ? $"exited with {silo.ExitCode}" : "is still running")}. Its last lines:");
        Console.Error.WriteLine(silo.Output);
        return false;
    }

    private async Task<SiloRun> RunOnSiloAsync(SiloWithClient silo, int[] rampRates, bool stopWhenMissed, double whistlesPerSecond, bool quietFirst,
        List<string[]>? imported = null)
    {
        var ids = imported ?? await BenchTownships.ImportAsync(silo.Grains, lamps, Townships);
        if (imported is not null) await BenchTownships.WarmAsync(silo.Grains, imported); // every lamp active, as after an import
        var all = ids.SelectMany(x => x).ToArray();

        // The screen: a SignalR client watching the township the alarm probes are in.
        await using var screen = await AlarmScreen.WatchAsync(silo.Silo.BaseAddress, "bench0");
        using var management = new HttpClient { BaseAddress = silo.Silo.ManagementAddress };

        // The responders' stream: work orders on MQTT, and 益门镇's responders answering them over gRPC.
        using var assignments = new MqttClientFactory().CreateMqttClient();
        assignments.ApplicationMessageReceivedAsync += e =>
        {
            var order = JsonDocument.Parse(e.ApplicationMessage.ConvertPayloadToString()).RootElement;
            if (order.GetProperty("type").GetString() == "offered")
                _ordersSeen.TryAdd(order.GetProperty("incidentId").GetString()!, (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), order.GetProperty("offeredAt").GetInt64()));
            return Task.CompletedTask;
        };
        await assignments.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", silo.Silo.MqttPort).WithClientId("bench-orders")
            .WithCredentials("admin", "demo").Build());
        await assignments.SubscribeAsync("gd/yimen/responder/+/assignment", MqttQualityOfServiceLevel.AtLeastOnce);
        var yimen = DemoTownships.All().First(t => t.Id == "yimen");
        await using var scenario = new ScenarioContext(yimen, new LifeOptions { MqttPort = silo.Silo.MqttPort, GrpcPort = silo.Silo.GrpcPort },
            silo.Silo.BaseAddress, "admin", "demo", TextWriter.Null);
        using var respondersStop = new CancellationTokenSource();
        var responders = scenario.RespondersAsync(respondersStop.Token);

        // The import of 100k lamps has its own peak; the goal is about operation, so the peak is reset (Linux: clear_refs 5) and read after.
        var importPeakRss = ProcessFigures.PeakRssMegabytes(silo.Silo.ProcessId);
        await File.WriteAllTextAsync($"/proc/{silo.Silo.ProcessId}/clear_refs", "5");
        (StepResult, double)? quiet = null;
        if (quietFirst)
        {
            var quietCpuBefore = ProcessFigures.CpuSeconds(silo.Silo.ProcessId);
            var quietClock = Stopwatch.StartNew();
            quiet = (await RunStepAsync(silo.Silo, screen, management, ids, all, QuietRate, sustain, whistlesPerSecond, silo.Grains),
                (ProcessFigures.CpuSeconds(silo.Silo.ProcessId) - quietCpuBefore) / quietClock.Elapsed.TotalSeconds);
        }

        var cpuBefore = ProcessFigures.CpuSeconds(silo.Silo.ProcessId);
        var clock = Stopwatch.StartNew();
        var sustained = await RunStepAsync(silo.Silo, screen, management, ids, all, all.Length / 10.0, sustain, whistlesPerSecond, silo.Grains);
        var sustainedCpuSeconds = ProcessFigures.CpuSeconds(silo.Silo.ProcessId) - cpuBefore;
        var cpu = sustainedCpuSeconds / clock.Elapsed.TotalSeconds;
        var sustainedPeakRss = ProcessFigures.PeakRssMegabytes(silo.Silo.ProcessId);
        var memory = await SiloMemory.ReadAsync(silo.Silo.ProcessId, management);

        var ramp = new List<StepResult>();
        var rampCpu = new List<double>();
        foreach (var rate in rampRates)
        {
            var stepCpuBefore = ProcessFigures.CpuSeconds(silo.Silo.ProcessId);
            var step = await RunStepAsync(silo.Silo, screen, management, ids, all, rate, Step, whistlesPerSecond: 0);
            ramp.Add(step);
            rampCpu.Add(ProcessFigures.CpuSeconds(silo.Silo.ProcessId) - stepCpuBefore);
            if (stopWhenMissed && (step.Alarms.P99Ms > 1_000 || step.Load.TakenPerSecond < 0.9 * rate)) break;
        }

        var rampPeakRss = ProcessFigures.PeakRssMegabytes(silo.Silo.ProcessId);
        await respondersStop.CancelAsync();
        try { await responders; } catch (OperationCanceledException) { }
        return new SiloRun(sustained, cpu, sustainedCpuSeconds, (importPeakRss, sustainedPeakRss, rampPeakRss), ramp, rampCpu, memory, quiet);
    }

    /// <summary>
    /// A step's whistles: each one's latency to its work order on the stream, split at the order's offeredAt into the intake (the whistle's
    /// publish to the incident asking the dispatcher) and the dispatch and delivery (from there to the stream). Sorted; <see cref="Lost"/>
    /// whistles never saw their order.
    /// </summary>
    private sealed record DispatchFigures(List<double> TotalMs, List<double> IntakeMs, List<double> AfterOfferMs, int Lost, List<double> OpenedMs, int WaitedForResponder,
        List<double> AtOnceMs)
    {
        public double P50Ms => MqttLoad.PercentileCountingLost(TotalMs, Lost, 0.5);
        public double P99Ms => MqttLoad.PercentileCountingLost(TotalMs, Lost, 0.99);
        public static string Percentiles(List<double> sorted, int lost) =>
            string.Join(" / ", new[] { 0.5, 0.9, 0.99 }.Select(p => MqttLoad.Ms(MqttLoad.PercentileCountingLost(sorted, lost, p))).Append(sorted.Count > 0 ? $"{sorted[^1]:F0}" : "–"));
    }

    private sealed record StepResult(LoadFigures Load, ProbeFigures Alarms, int Whistles, int OrdersSeen, DispatchFigures Dispatch, SiloPauses Pauses)
    {
        public double DispatchP50Ms => Dispatch.P50Ms;
        public double DispatchP99Ms => Dispatch.P99Ms;
    }

    private async Task<StepResult> RunStepAsync(SiloProcess silo, AlarmScreen screen, HttpClient management, List<string[]> ids, string[] all,
        double perSecond, TimeSpan length, double whistlesPerSecond, IGrainFactory? grains = null)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, Connections)
            .Select(n => RawMqttPublisher.ConnectAsync(silo.MqttPort, $"e2e-{n}-{Guid.NewGuid():N}"[..20], "admin", "demo", Window)));
        await using var probe = await RawMqttPublisher.ConnectAsync(silo.MqttPort, $"probe-{Guid.NewGuid():N}"[..20], "admin", "demo", 16);
        await using var handheld = await RawMqttPublisher.ConnectAsync(silo.MqttPort, $"whistles-{Guid.NewGuid():N}"[..20], "admin", "demo", 16);
        var before = await PrometheusText.TextAsync(management); // one read of /metrics: the exporter's cache costs a second a read
        var (ingestedBefore, droppedBefore, pausesBefore) = (PrometheusText.Ingested(before), PrometheusText.Dropped(before), SiloPauses.From(before));
        using var stop = new CancellationTokenSource(length);
        var clock = Stopwatch.StartNew();
        var loading = Task.WhenAll(publishers.Select(p => Task.Run(() => p.RunPacedAsync(n => BenchTownships.SteadyReport(all[(int)(n % all.Length)], n),
            () => Interlocked.Increment(ref _sequence), perSecond / Connections, stop.Token))));

        // Alarm probes: a LEAKAGE every 100 ms, each on a lamp that has not alarmed yet.
        var probes = new List<(string Lamp, long At)>();
        var whistled = new List<(string Incident, long At, long WallMs)>();
        var probeLamps = ids[0].Skip((int)Interlocked.Read(ref _probeOffset)).ToArray();
        var probing = probe.RunPacedAsync(_ =>
        {
            var lamp = probeLamps[probes.Count];
            lock (probes) probes.Add((lamp, Stopwatch.GetTimestamp()));
            return BenchTownships.LeakageReport(lamp);
        }, () => 0, 10, stop.Token);
        var whistling = Task.CompletedTask;
        if (whistlesPerSecond > 0)
        {
            // One reporter (admin): at most a whistle a second stays under the per-reporter allowance (burst 120, then 60 a minute).
            // Lighting: 益门镇's eleven 护灯队 and its power station take it (49 orders at once), so an order rarely waits for someone free.
            var cells = DemoTownships.All().First(t => t.Id == "yimen").Villages.SelectMany(v => v.Groups).Select(g => g.Id).ToArray();
            var w = 0;
            whistling = handheld.RunPacedAsync(_ =>
            {
                var id = $"e2e-{Guid.NewGuid():N}"[..24];
                lock (whistled) whistled.Add((IncidentIds.For("yimen", IncidentSource.Whistle, id),
                    Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                return ($"gd/yimen/grid/{cells[w++ % cells.Length]}/whistle",
                    $$"""{"whistleId":"{{id}}","by":"admin","category":"lighting","severity":"minor","text":"基准测试吹哨","ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}""");
            }, () => 0, whistlesPerSecond, stop.Token);
        }

        await loading;
        var elapsed = clock.Elapsed.TotalSeconds;
        await probing;
        await whistling;
        Interlocked.Add(ref _probeOffset, probes.Count);
        // Ingested is the gateway's own count, less the probes and whistles it also took.
        var after = await PrometheusText.TextAsync(management);
        var ingested = PrometheusText.Ingested(after) - ingestedBefore - probe.Acknowledged - handheld.Acknowledged;
        var dropped = PrometheusText.Dropped(after) - droppedBefore;
        var load = new LoadFigures(elapsed, perSecond, publishers.Sum(p => p.Sent), publishers.Sum(p => p.Acknowledged), (long)ingested, (long)dropped);
        foreach (var p in publishers) await p.DisposeAsync();
        await Task.Delay(3_000); // let the last alarms and orders arrive
        var pauses = await SiloPauses.ReadAsync(management) - pausesBefore;

        var orders = whistled.Where(w => _ordersSeen.ContainsKey(w.Incident)).Select(w => (Whistle: w, Order: _ordersSeen[w.Incident])).ToList();
        // From each incident's timeline: when the silo opened it (after the gateway and the receipt number), and whether it found nobody free at first.
        var opened = new List<double>();
        var atOnce = new List<double>();
        var waited = 0;
        if (grains is not null)
            foreach (var (whistle, order) in orders)
            {
                var timeline = (await grains.GetGrain<IIncidentGrain>(whistle.Incident).Get())?.Timeline ?? [];
                if (timeline.FirstOrDefault(e => e.Kind == TimelineKind.Reported) is { } reported) opened.Add(reported.At.ToUnixTimeMilliseconds() - whistle.WallMs);
                if (timeline.Any(e => e.Kind == TimelineKind.NoResponder)) waited++;
                else atOnce.Add(Stopwatch.GetElapsedTime(whistle.At, order.At).TotalMilliseconds);
            }

        var dispatch = new DispatchFigures(
            [.. orders.Select(o => Stopwatch.GetElapsedTime(o.Whistle.At, o.Order.At).TotalMilliseconds).Order()],
            [.. orders.Select(o => (double)(o.Order.OfferedAtMs - o.Whistle.WallMs)).Order()],
            [.. orders.Select(o => (double)(o.Order.WallMs - o.Order.OfferedAtMs)).Order()],
            whistled.Count - orders.Count, [.. opened.Order()], waited, [.. atOnce.Order()]);
        return new StepResult(load, screen.Measure(probes), whistled.Count, orders.Count, dispatch, pauses);
    }

    private long _probeOffset;

    private void Report(double ceiling, SiloRun run)
    {
        var (s, cpu, rss, ramp) = (run.Sustained, run.Cpu, run.Rss, run.Ramp);
        var l = s.Load;
        _report.AppendLine($"{lamps:N0} lamps in {Townships} townships, {Connections} lean MQTT connections ({Window} QoS 1 in flight each), the real silo process (embedded broker, SQLite FULL). " +
                           "Offered is the pace asked for, sent the PUBLISH packets written, acknowledged the PUBACKs (after the lamp grain), ingested the gateway's own count of messages taken into grains " +
                           "(`griddispatch_mqtt_accepted_total`, probes and whistles excluded), refused its drop counter. A probe whose alarm never reached the screen is lost and counts as later than any.");
        _report.AppendLine();
        _report.AppendLine("| measure | this run | goal |");
        _report.AppendLine("|---|---:|---:|");
        _report.AppendLine($"| ceiling: mosquitto → mosquitto_sub, the same publisher and connections unpaced, delivered to the subscriber | {ceiling:N0} msgs/s | |");
        _report.AppendLine($"| sustained {sustain.TotalMinutes:F0} min: offered / sent / acknowledged / ingested | {l.OfferedText} / {l.SentPerSecond:N0} / {l.AcknowledgedPerSecond:N0} / {l.TakenPerSecond:N0} msgs/s ({l.TakenPerSecond / ceiling:F2}× ceiling) | 10,000 msgs/s |");
        _report.AppendLine($"| refused by the gateway / acknowledged but not ingested | {l.Dropped:N0} / {l.Unaccounted:N0} messages | 0 |");
        _report.AppendLine($"| alarm latency, lamp publish → SignalR client, p50 / p99 | {s.Alarms.Percentiles} ms | p99 < 250 ms |");
        _report.AppendLine($"| alarms seen / probes sent (lost) | {s.Alarms.Seen} / {s.Alarms.Sent} ({s.Alarms.Lost}) | none lost |");
        _report.AppendLine($"| dispatch latency, whistle (MQTT) → work order on the responder's MQTT stream, p50 / p99 | {MqttLoad.Ms(s.DispatchP50Ms)} / {MqttLoad.Ms(s.DispatchP99Ms)} ms ({s.OrdersSeen} of {s.Whistles}) | |");
        _report.AppendLine($"| silo CPU (2 cores = 200 %) / peak RSS while sustaining | {cpu * 100:F0} % / {rss.Sustained:N0} MB | RSS < 1,500 MB |");
        _report.AppendLine($"| silo peak RSS while importing and warming {lamps:N0} lamps / during the ramp | {rss.Import:N0} MB / {rss.Ramp:N0} MB | |");
        _report.AppendLine($"| RSS per lamp: peak while sustaining over the lamps (the whole process) | {rss.Sustained * 1024 / lamps:F2} KB | ≤ 8 KB |");
        _report.AppendLine($"| what it held at the end of sustaining, KB per lamp: {SiloMemory.PerLampHeader} | {run.Memory.PerLamp(lamps).Replace(" | ", " / ")} | |");
        _report.AppendLine();
        _report.AppendLine($"Ramp, {Step.TotalSeconds:F0} s a step, until alarm p99 passes 1 s or less than 90 % of the offered rate is ingested:");
        _report.AppendLine();
        _report.AppendLine("| offered msgs/s | sent msgs/s | acknowledged msgs/s | ingested msgs/s | refused / not ingested | alarm p50 / p99 ms | alarms seen / sent |");
        _report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in ramp)
            _report.AppendLine($"| {r.Load.OfferedText} | {r.Load.SentPerSecond:N0} | {r.Load.AcknowledgedPerSecond:N0} | {r.Load.TakenPerSecond:N0} | {r.Load.Dropped:N0} / {r.Load.Unaccounted:N0} | {r.Alarms.Percentiles} | {r.Alarms.Seen} / {r.Alarms.Sent} |");
        var held = ramp.Where(r => r.Alarms.P99Ms <= 1_000 && r.Load.TakenPerSecond >= 0.9 * r.Load.Offered).Select(r => r.Load.TakenPerSecond).DefaultIfEmpty(l.TakenPerSecond).Max();
        _report.AppendLine();
        _report.AppendLine($"Highest ingested rate with alarm p99 ≤ 1 s: **{held:N0} msgs/s** ({held / ceiling:F2}× the mosquitto ceiling).");
    }

    private void ReportHistoryCost(List<(bool History, SiloRun Run)> runs)
    {
        _report.AppendLine($"{lamps:N0} lamps in {Townships} townships, the real silo process (embedded broker, SQLite FULL), started four times in this run: history off " +
                           "(`--History:Store=None`), on (the default: SQLite in its own file), off, on. Each sustains a lamp's report every 10 s with whistles every 2 s " +
                           $"for {sustain.TotalMinutes:F0} min, then takes {Step.TotalSeconds:F0} s steps offered far over capacity. " +
                           "CPU per 1,000 ingested is the silo's own CPU (from `/proc`) over what it ingested: the cost of a message, which another process on the machine " +
                           "barely changes; capacity is what it ingested when offered more, which another process's CPU lowers directly. Ingested and lost count as in the other tables.");
        _report.AppendLine();
        _report.AppendLine("| run | history | sustained ingested msgs/s | sustained CPU | CPU-ms per 1,000 ingested, sustained | capacity, ingested msgs/s (each step) | CPU-ms per 1,000 ingested at capacity | alarm p50 / p99 ms (seen / sent) | whistles dispatched | acknowledged not ingested / refused |");
        _report.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var n = 0;
        foreach (var (history, r) in runs)
        {
            var s = r.Sustained;
            _report.AppendLine($"| {++n} | {(history ? "on" : "off")} | {s.Load.TakenPerSecond:N0} | {r.Cpu * 100:F0} % | {SustainedCost(r):F0} | {string.Join(" / ", r.Ramp.Select(x => x.Load.TakenPerSecond.ToString("N0")))} | {CapacityCost(r):F0} | " +
                               $"{s.Alarms.Percentiles} ({s.Alarms.Seen} / {s.Alarms.Sent}) | {s.OrdersSeen} / {s.Whistles} | {s.Load.Unaccounted + r.Ramp.Sum(x => x.Load.Unaccounted):N0} / {s.Load.Dropped + r.Ramp.Sum(x => x.Load.Dropped):N0} |");
        }

        double Mean(bool history, Func<SiloRun, double> figure) => runs.Where(x => x.History == history).Average(x => figure(x.Run));
        double Capacity(SiloRun r) => r.Ramp.Average(x => x.Load.TakenPerSecond);
        var costPerMessage = Mean(true, CapacityCost) / Mean(false, CapacityCost) - 1;
        var costSustained = Mean(true, SustainedCost) / Mean(false, SustainedCost) - 1;
        var capacityLoss = 1 - Mean(true, Capacity) / Mean(false, Capacity);
        _report.AppendLine();
        _report.AppendLine($"History on against off, means of the two runs each: CPU per message at capacity **{costPerMessage * 100:+0.0;-0.0} %**, " +
                           $"while sustaining 10,000 msgs/s **{costSustained * 100:+0.0;-0.0} %**; capacity **{-capacityLoss * 100:+0.0;-0.0} %** (goal: history costs at most 10 % of throughput).");
        return;

        static double SustainedCost(SiloRun r) => r.SustainedCpuSeconds * 1_000_000 / Math.Max(1, r.Sustained.Load.Taken);
        static double CapacityCost(SiloRun r) => r.RampCpuSeconds.Sum() * 1_000_000 / Math.Max(1, r.Ramp.Sum(x => x.Load.Taken));
    }
}
