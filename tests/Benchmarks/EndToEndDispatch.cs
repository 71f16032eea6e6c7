using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// #22 goal 4: whistle → work order under telemetry. One silo (the e2e set-up: embedded broker, SQLite FULL, 益门镇's responders
/// answering over gRPC), whistles over MQTT at <see cref="DispatchWhistles"/> a second, first with only <see cref="QuietRate"/> of
/// telemetry (the baseline, same run), then with a report per lamp every 10 s. Each whistle's time to its work order on the
/// responder's MQTT stream is split at the order's <c>offeredAt</c>, which the incident stamps as it asks the dispatcher: before it,
/// the intake (the gateway, the receipt number, the incident saved); after it, the dispatch (the dispatcher and the responder, each
/// saved) and the delivery (the domain event to the gateway and out through the broker).
/// </summary>
public sealed partial class EndToEndBenchmark
{
    /// <summary>Telemetry in the quiet step: the lamps' messages barely present.</summary>
    private const double QuietRate = 100;

    /// <summary>Under the reporter's allowance (burst 120, then 60 a minute) for both steps together.</summary>
    private const double DispatchWhistles = 0.8;

    /// <summary>Each lever (a GC setting of <see cref="MemoryLevers"/>) on a fresh silo in turn, the first the baseline.</summary>
    public async Task<string> DispatchAsync(IReadOnlyList<string> levers)
    {
        RequireKnownLevers(levers);
        var runs = new List<(string Lever, SiloRun Run)>();
        foreach (var lever in levers)
        {
            Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] lever {lever}");
            // Lamps expected hourly: in the quiet step each lamp reports every 1,000 s, and at the default minute every lamp would
            // fall silent (COMM_LOSS) in the middle of it, a storm of 100,000 alarms that this benchmark is not about.
            runs.Add((lever, await RunSiloAsync(["--Streetlights:Faults:ReportInterval=01:00:00"], [], whistlesPerSecond: DispatchWhistles, quietFirst: true,
                environment: MemoryLevers[lever].Environment)));
        }
        _report.AppendLine($"{lamps:N0} lamps in {Townships} townships, the real silo process (`--demo`: embedded broker, SQLite FULL), {Connections} lean MQTT connections. " +
                           $"Whistles over MQTT at {DispatchWhistles} a second to 益门镇's cells, its responders simulated over gRPC; ten LEAKAGE probes a second as in e2e. " +
                           $"Two steps of {sustain.TotalMinutes:F0} min on one silo: first {QuietRate:N0} msgs/s of telemetry (the baseline), then a report per lamp every 10 s; " +
                           "lamps are expected hourly (`ReportInterval`), so that the quiet step's silence raises no COMM_LOSS. " +
                           "Whistle → order is the whistle's publish to its work order (`offered`) on the responder's MQTT topic, split at the order's `offeredAt` (the silo's " +
                           "clock, the same machine's), stamped as the incident asks the dispatcher: before it the intake (gateway, receipt number, incident saved), after it " +
                           "the dispatch (dispatcher and responder, each saved) and the delivery (the event to the gateway, out through the broker). " +
                           "Publish → incident opened is the incident's `Reported` entry (after the gateway and the receipt number); found nobody free counts the " +
                           "whistles whose incident first found no responder with room (`NoResponder`) and waited for one. A whistle whose order never came counts as later than any. " +
                           "Percentiles p50 / p90 / p99 / max, in ms. The silo's own counters over each step: its garbage collections (gen0/gen1/gen2), their total " +
                           "and mean pause, and its SQLite group commits (an fsync each) that took 50 ms or more, and 100 ms or more.");
        _report.AppendLine();
        _report.AppendLine("| silo | telemetry | ingested msgs/s | silo CPU | whistles (orders seen) | whistle → order | of which intake | of it, publish → incident opened | of which dispatch and delivery | found nobody free at first | whistle → order, the others (offered at once) | alarm p50 / p99 ms | GC: collections, pause total, mean | SQLite commits ≥ 50 / ≥ 100 ms |");
        _report.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (lever, run) in runs)
        foreach (var (name, step, cpu) in new[] { ("quiet", run.Quiet!.Value.Step, run.Quiet!.Value.Cpu), ($"{lamps / 10:N0} msgs/s", run.Sustained, run.Cpu) })
        {
            var d = step.Dispatch;
            _report.AppendLine($"| {MemoryLevers[lever].Description} | {name} | {step.Load.TakenPerSecond:N0} | {cpu * 100:F0} % | {step.Whistles} ({step.OrdersSeen}) | {DispatchFigures.Percentiles(d.TotalMs, d.Lost)} | " +
                               $"{DispatchFigures.Percentiles(d.IntakeMs, d.Lost)} | {DispatchFigures.Percentiles(d.OpenedMs, 0)} | {DispatchFigures.Percentiles(d.AfterOfferMs, d.Lost)} | " +
                               $"{d.WaitedForResponder} | {DispatchFigures.Percentiles(d.AtOnceMs, 0)} | {step.Alarms.Percentiles} | {step.Pauses.Gc} | {step.Pauses.SlowCommits} |");
        }

        var baseline = runs[0].Run.Sustained.DispatchP99Ms;
        foreach (var (lever, run) in runs)
        {
            var quiet = run.Quiet!.Value.Step;
            var (loadedAtOnce, quietAtOnce) = (run.Sustained.Dispatch.AtOnceMs, quiet.Dispatch.AtOnceMs);
            _report.AppendLine();
            _report.AppendLine($"{MemoryLevers[lever].Description}: whistle → order p99 under load **{MqttLoad.Ms(run.Sustained.DispatchP99Ms)} ms** (goal < 100 ms), " +
                               $"{run.Sustained.DispatchP99Ms / quiet.DispatchP99Ms:F2}× the quiet step's {MqttLoad.Ms(quiet.DispatchP99Ms)} ms" +
                               (lever == runs[0].Lever ? "" : $", {run.Sustained.DispatchP99Ms / baseline:F2}× the first silo's under load") +
                               $"; of the whistles offered at once (no wait for a free responder), **{MqttLoad.Ms(MqttLoad.PercentileCountingLost(loadedAtOnce, 0, 0.99))} ms** " +
                               $"({loadedAtOnce.Count} whistles) against {MqttLoad.Ms(MqttLoad.PercentileCountingLost(quietAtOnce, 0, 0.99))} ms quiet.");
        }
        return _report.ToString();
    }
}
