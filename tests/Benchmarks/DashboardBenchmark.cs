using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Issue 5's figures: alarm latency from a lamp's publish to the row in the browser's alarm feed, while
/// <c>lamps</c> lamps (10 townships) report once per 10 s each; and the browser's long tasks while a
/// burst of 10,000 lamp changes reaches the watched township; and the first draw of every lamp on the county's
/// map (#21). The real silo process, Debian's Chromium. Probes sent during the burst (#22 goal 6) are stamped at a SignalR
/// client outside the silo, on the page's WebSocket and at their row, so a run says where an alarm's time went.
/// </summary>
public sealed class DashboardBenchmark(int lamps, TimeSpan duration)
{
    private const int Townships = 10;
    private const int Connections = 32;
    private readonly StringBuilder _report = new();
    private long _sequence;

    public async Task<string> RunAsync()
    {
        var folder = RepositoryPaths.NewTempFolder("bench-dashboard");
        await using var silo = await SiloWithClient.StartAsync(folder, "--demo", "--db", Path.Combine(folder, "dashboard.db"));
        var perTownship = lamps / Townships;
        var ids = await BenchTownships.ImportAsync(silo.Grains, lamps, Townships);
        var all = ids.SelectMany(x => x).ToArray();

        // The page in a Chromium of its own, no DevTools domain enabled but Page (for the init script; not Playwright's: see BareChromium).
        await using var page = await BareChromium.LaunchAsync();
        await page.AddInitScriptAsync(AlarmArrivals);
        // Signed in as the county (token put where the login page puts it), straight onto one township.
        await SignInAsync(page, silo.Silo.BaseAddress);
        var opened = Stopwatch.StartNew();
        await page.GotoAsync(new Uri(silo.Silo.BaseAddress, "/?scope=bench0"), TimeSpan.FromSeconds(60));
        await page.WaitForAsync("document.body.dataset.ready === 'true'", TimeSpan.FromSeconds(120));
        var firstPaint = opened.Elapsed;
        var viewport = await page.CallAsync<string>("() => `${innerWidth}×${innerHeight}`");
        var townshipDraw = await page.CallAsync<double?>("() => window.gdMap.firstDrawMs");
        var countyWatch = await CountyWatchAsync(silo.Silo.BaseAddress);
        var county = await CountyFirstDrawAsync(silo.Silo.BaseAddress, silo.Silo.ProcessId, profiled: false);
        var countyNetwork = await CountyFirstDrawAsync(silo.Silo.BaseAddress, silo.Silo.ProcessId, profiled: false, "Network");
        var countyProfiled = await CountyFirstDrawAsync(silo.Silo.BaseAddress, silo.Silo.ProcessId, profiled: true);
        await page.CallAsync<object>(Observers);
        await page.CallAsync<object>("() => window.gdMap.measureFrames()");

        // GD_BENCH_BROWSER_CORE: from here on (the first draws above had the idle machine), the browser on a core of its own and the
        // silo and the load on the rest, as a wall screen's computer is not the server.
        if (CpuPinning.BrowserCore is { } core) CpuPinning.Split(core, silo.Silo.ProcessId, Environment.ProcessId);

        // Every lamp once per 10 s, from lean MQTT publishers.
        // the load runs until both bursts are over (at least `duration`)
        using var stop = new CancellationTokenSource();
        var loadTime = Stopwatch.StartNew();
        var perSecond = all.Length / 10.0;
        var publishers = await Task.WhenAll(Enumerable.Range(0, Connections)
            .Select(n => RawMqttPublisher.ConnectAsync(silo.Silo.MqttPort, $"load-{n}", "admin", "demo", 16)));
        var loading = Task.WhenAll(publishers.Select(p => Task.Run(() => p.RunPacedAsync(n => BenchTownships.SteadyReport(all[(int)(n % all.Length)], n),
            () => Interlocked.Increment(ref _sequence), perSecond / Connections, stop.Token))));

        // Alarm probes: a LEAKAGE every 250 ms on the watched township, each a different lamp. A SignalR client
        // in this process watches the same township: what the hub sent, before the browser's part.
        await using var screen = await AlarmScreen.WatchAsync(silo.Silo.BaseAddress, "bench0");
        var probes = new List<(string Lamp, long SentAt)>();
        var probeTicks = new List<(string Lamp, long At)>();
        await using var probe = await RawMqttPublisher.ConnectAsync(silo.Silo.MqttPort, "probe", "admin", "demo", 16);
        using var probing = new CancellationTokenSource();
        var probeLamps = ids[0].Take(2_000).ToArray();
        (string Topic, string Payload) Probe(string lamp)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            lock (probes)
            {
                probes.Add((lamp, now));
                probeTicks.Add((lamp, Stopwatch.GetTimestamp()));
            }

            return ($"gd/bench0/lamp/{lamp}/telemetry", $$"""{"ts":{{now}},"on":true,"voltage":221,"current":0.4,"leakageMa":55}""");
        }

        var k = 0;
        var probeTask = Task.Run(() => probe.RunPacedAsync(_ => Probe(probeLamps[k++]), () => 0, 4, probing.Token));

        // Midway, a burst: every lamp of the watched township switches off at once (10,000 changes). Nothing profiles the
        // page meanwhile (the profiler lengthens the very tasks measured); a second burst, switching them on again, is profiled.
        await Task.Delay(duration / 2);
        await page.CallAsync<object>("() => { window.__burstFrom = performance.now(); window.__framesFrom = window.gdMap.longFrames().length; window.__rendersFrom = window.gdRenders.length; window.__wsFrom = { ...window.__ws }; window.__totalsFrom = { map: window.gdMap.frameTotals(), page: { ...window.gdRenderTotals } }; }");
        // who had the cores meanwhile, the browser's own core included (its GPU process rasterises the map in software);
        // stopped when the window closes, so the profiled burst after it is not sampled too
        await using var burstCpu = new ThreadCpuSampler(new() { [silo.Silo.ProcessId] = "silo", [Environment.ProcessId] = "benchmark" }, TimeSpan.FromMilliseconds(200));
        using var management = new HttpClient { BaseAddress = silo.Silo.ManagementAddress };
        var pausesBefore = await SiloPauses.ReadAsync(management);
        var ownPauseBefore = GC.GetTotalPauseDuration();
        var burstFrom = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // More probes while it lasts (one every 50 ms, other lamps), so its p99 rests on some 100 of them, not 16.
        await using var burstProbe = await RawMqttPublisher.ConnectAsync(silo.Silo.MqttPort, "burst-probe", "admin", "demo", 16);
        using var burstProbing = new CancellationTokenSource();
        var burstProbeLamps = ids[0].Skip(probeLamps.Length).ToArray();
        var b = 0;
        var burstProbeTask = Task.Run(() => burstProbe.RunPacedAsync(_ => Probe(burstProbeLamps[b++]), () => 0, 20, burstProbing.Token));
        var burstTaken = await BurstAsync(silo.Silo.MqttPort, ids[0], on: false);
        var burstSent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await Task.Delay(3_000);
        await burstProbing.CancelAsync();
        await burstProbeTask;
        var burstTo = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var burstPauses = await SiloPauses.ReadAsync(management) - pausesBefore;
        // this process publishes the probes and the load on the silo's core: its own pauses delay a probe after its stamp
        var ownPause = GC.GetTotalPauseDuration() - ownPauseBefore;
        await page.CallAsync<object>("() => { window.__burstTo = performance.now(); window.__framesTo = window.gdMap.longFrames().length; window.__rendersTo = window.gdRenders.length; }");
        var burstThreads = burstCpu.Busiest(burstFrom, burstTo, top: 10);
        await burstCpu.DisposeAsync();
        // every frame the map drew and every render of the page in the window: how often the screen could show a row
        var totals = await page.CallAsync<JsonElement>("() => { const m = window.gdMap.frameTotals(), p = window.gdRenderTotals, f = window.__totalsFrom; return { mapFrames: m.count - f.map.count, mapMs: m.ms - f.map.ms, renders: p.count - f.page.count, renderMs: p.ms - f.page.ms }; }");
        // the burst's probes as its window ends: a row that first shows later (a grouped alarm given a row of its own
        // when the second burst regroups the feed) is not a row of this burst's
        var seenInBurst = await page.CallAsync<JsonElement>("() => ({ ...window.__alarmSeen })");
        // what the page's WebSocket carried meanwhile: every message is a task on the page's main thread
        var wsInBurst = await page.CallAsync<JsonElement>("() => ({ messages: window.__ws.messages - window.__wsFrom.messages, chars: window.__ws.chars - window.__wsFrom.chars })");
        var arrivedInBurst = await page.CallAsync<JsonElement>("() => ({ ...window.__alarmArrived })");

        var burstProfile = await CpuProfile.StartAsync(page, silo.Silo.BaseAddress);
        var trace = await ChromiumTrace.StartAsync(page);
        await BurstAsync(silo.Silo.MqttPort, ids[0], on: true);
        await Task.Delay(3_000);
        var burstTrace = await trace.StopAsync();
        var burstHotspots = await burstProfile.StopAsync();
        await burstProfile.DisposeAsync();
        if (duration - loadTime.Elapsed is { Ticks: > 0 } left) await Task.Delay(left);
        await stop.CancelAsync();
        await loading;
        var loaded = loadTime.Elapsed;
        await probing.CancelAsync();
        await probeTask;
        await Task.Delay(2_000);
        var sent = Interlocked.Read(ref _sequence);

        var seen = await page.CallAsync<JsonElement>("() => window.__alarmSeen");
        var arrived = await page.CallAsync<JsonElement>("() => window.__alarmArrived");
        var longTasks = await page.CallAsync<JsonElement>("() => window.__longTasks.filter(t => t.start >= window.__burstFrom && t.start <= window.__burstTo).map(t => t.duration)");
        var allLong = await page.CallAsync<JsonElement>("() => window.__longTasks.map(t => t.duration)");
        // what the burst's long tasks were: the map's frames (MapLibre drawing) and the page's renders (the store's changes into the views)
        var burstFrames = await page.CallAsync<double[]>("() => window.gdMap.longFrames().slice(window.__framesFrom, window.__framesTo)");
        var burstRenders = await page.CallAsync<double[]>("() => window.gdRenders.slice(window.__rendersFrom, window.__rendersTo)");
        await page.ScreenshotAsync("bench-dashboard");
        foreach (var p in publishers) await p.DisposeAsync();

        List<(string Lamp, long SentAt)> everyProbe, during;
        lock (probes)
        {
            everyProbe = [.. probes];
            during = [.. probes.Where(p => p.SentAt >= burstFrom && p.SentAt <= burstTo)];
        }

        var latencies = Latencies(everyProbe, seen);
        var burstLatencies = Latencies(during, seenInBurst);
        var duringLamps = during.Select(p => p.Lamp).ToHashSet();
        ProbeFigures hubFigures;
        lock (probes) hubFigures = screen.Measure([.. probeTicks.Where(p => duringLamps.Contains(p.Lamp))]);
        var wsLatencies = Latencies(during, arrivedInBurst);
        // the page's own part: from the alarm's message on the page's WebSocket to its row
        var pagePart = during.Where(p => seenInBurst.TryGetProperty(p.Lamp, out _) && arrivedInBurst.TryGetProperty(p.Lamp, out _))
            .Select(p => seenInBurst.GetProperty(p.Lamp).GetDouble() - arrivedInBurst.GetProperty(p.Lamp).GetDouble()).Order().ToList();
        var burstTasks = longTasks.EnumerateArray().Select(x => x.GetDouble()).ToList();

        _report.AppendLine($"{lamps:N0} lamps in {Townships} townships report once per 10 s ({perSecond:N0} msgs/s offered, {sent / loaded.TotalSeconds:N0} sent) for {loaded.TotalSeconds:F0} s to the silo on {ProcessFigures.GcMode(silo.Silo.ProcessId)} GC;");
        _report.AppendLine($"the browser (Debian's Chromium, headless, {viewport}, driven by bare DevTools commands with only the Page domain enabled on this page and none on the county's, WebGL by SwiftShader, {(Browser.GpuCompositing ? "GPU compositing in its GPU process" : "software compositing: each WebGL frame read back on the main thread")}) watches one township of {perTownship:N0} lamps{(CpuPinning.BrowserCore is { } c ? $" (once the load starts, after the first draws: the browser alone on core {c}, the silo and the load on the others)" : " (the browser, the silo and the load share the cores)")}; page opened to first snapshot drawn in {firstPaint.TotalSeconds:F1} s.");
        _report.AppendLine();
        _report.AppendLine("| measure | this run | goal |");
        _report.AppendLine("|---|---:|---:|");
        _report.AppendLine($"| alarm latency, lamp publish → row in the browser's alarm feed, p50 / p99 ({latencies.Count} of {probes.Count} probes seen, {probes.Count - latencies.Count} never seen) | {MqttLoad.Percentile(latencies, 0.5):F0} / {MqttLoad.Percentile(latencies, 0.99):F0} ms | |");
        _report.AppendLine($"| … of the {during.Count} probes sent during the burst of {ids[0].Length:N0} lamp changes ({burstTaken:N0} acknowledged; one probe every 50 ms besides the 250 ms ones; its {(burstSent - burstFrom) / 1000.0:F1} s of publishing and 3 s after), publish → row, p50 / p99 ({burstLatencies.Count} seen by the end of that window) | {MqttLoad.Percentile(burstLatencies, 0.5):F0} / {MqttLoad.Percentile(burstLatencies, 0.99):F0} ms | p99 < 250 ms |");
        _report.AppendLine($"| … the same probes, publish → `alarmRaised` at a SignalR client in the benchmark's process, p50 / p99 ({hubFigures.Seen} seen) | {hubFigures.Percentiles} ms | |");
        _report.AppendLine($"| … the same probes, publish → `alarmRaised` on the page's WebSocket (before SignalR parses it), p50 / p99 ({wsLatencies.Count} seen by the end of that window) | {MqttLoad.Percentile(wsLatencies, 0.5):F0} / {MqttLoad.Percentile(wsLatencies, 0.99):F0} ms | |");
        _report.AppendLine($"| … the same probes, the page's WebSocket → row, p50 / p99 (the WebSocket's messages in that window: {wsInBurst.GetProperty("messages").GetInt32():N0}, {wsInBurst.GetProperty("chars").GetDouble() / 1e6:F1} M characters) | {MqttLoad.Percentile(pagePart, 0.5):F0} / {MqttLoad.Percentile(pagePart, 0.99):F0} ms | |");
        _report.AppendLine($"| … the silo during that window: GC collections (gen0/gen1/gen2), their total and mean pause / SQLite commits ≥ 50 ms / ≥ 100 ms (the benchmark's process, publishing the probes: its GC pauses in all) | {burstPauses.Gc} / {burstPauses.SlowCommits} ({ownPause.TotalMilliseconds:N0} ms) | |");
        // each probe connection on its own: a broker takes one connection's messages in turn, so a slow one holds up the next
        var every250 = probeLamps.ToHashSet();
        _report.AppendLine($"| … the slowest of them on the page's WebSocket, latency @ sent (seconds into the burst): the 250 ms probes' connection / the 50 ms probes' | {SlowestProbes(during.Where(p => every250.Contains(p.Lamp)), arrivedInBurst, burstFrom)} / {SlowestProbes(during.Where(p => !every250.Contains(p.Lamp)), arrivedInBurst, burstFrom)} | |");
        _report.AppendLine($"| longest main-thread task during a burst of {ids[0].Length:N0} lamp changes | {(burstTasks.Count == 0 ? 0 : burstTasks.Max()):F0} ms ({burstTasks.Count} long tasks ≥ 50 ms) | ≤ 100 ms |");
        _report.AppendLine($"| first draw of the county's {county.Lamps:N0} lamps on the map, snapshot received → lamps on the canvas (page opened → ready: {county.Opened.TotalSeconds:F1} s) | {county.DrawMs:F0} ms | < 2,000 ms |");
        _report.AppendLine($"| … opened again with DevTools' Network domain enabled, as Playwright enables it on every page (Chromium then hands each WebSocket message's payload to DevTools too) / opened again, profiled | {countyNetwork.DrawMs:F0} ms / {countyProfiled.DrawMs:F0} ms | |");
        _report.AppendLine($"| … the silo's part of opening it: `Watch(\"county\")` answered at a SignalR client in the benchmark's process (its JSON: {countyWatch.Bytes / 1e6:F1} MB) | {countyWatch.Took.TotalSeconds:F1} s | |");
        _report.AppendLine($"| first draw of the township's {perTownship:N0} lamps, snapshot received → lamps on the canvas | {townshipDraw:F0} ms | |");
        _report.AppendLine($"| … of the county's: the store taking the snapshot / from the snapshot until the render that draws it{(county.Deferred ? " (which waited for the map to load)" : "")} / preparing its lamps (states, Mercator positions) / the rest of that render (the other panels) / from handing the lamps to the map's layer until a frame has drawn them (the rest included) | {county.StoreMs:F0} / {county.WaitMs:F0} / {county.PrepareMs:F0} / {county.RestMs:F0} / {county.DrawnMs:F0} ms (with Network: {countyNetwork.StoreMs:F0} / {countyNetwork.WaitMs:F0} / {countyNetwork.PrepareMs:F0} / {countyNetwork.RestMs:F0} / {countyNetwork.DrawnMs:F0}; profiled: {countyProfiled.StoreMs:F0} / {countyProfiled.WaitMs:F0} / {countyProfiled.PrepareMs:F0} / {countyProfiled.RestMs:F0} / {countyProfiled.DrawnMs:F0}) | |");
        _report.AppendLine($"| during the burst: the map's frames ≥ 50 ms (count, longest) / the page's renders ≥ 50 ms (count, longest) | {burstFrames.Length}, {(burstFrames.Length == 0 ? 0 : burstFrames.Max()):F0} ms / {burstRenders.Length}, {(burstRenders.Length == 0 ? 0 : burstRenders.Max()):F0} ms | |");
        _report.AppendLine($"| during the burst ({(burstTo - burstFrom) / 1000.0:F1} s): the map's frames (count, main-thread ms in all) / the page's renders (count, ms in all) | {totals.GetProperty("mapFrames").GetInt32()}, {totals.GetProperty("mapMs").GetDouble():F0} ms / {totals.GetProperty("renders").GetInt32()}, {totals.GetProperty("renderMs").GetDouble():F0} ms | |");
        _report.AppendLine($"| … the machine's threads in that window, by CPU time from /proc | {burstThreads} | |");
        _report.AppendLine($"| longest main-thread task over the whole run (first snapshot excluded, the profiled burst included) | {(allLong.GetArrayLength() == 0 ? 0 : allLong.EnumerateArray().Max(x => x.GetDouble())):F0} ms | |");
        _report.AppendLine();
        _report.AppendLine("Where the main thread's time went (Chromium's CPU profile, self time, the top functions; the map's worker is not in it):");
        _report.AppendLine();
        _report.AppendLine("The county's page, its profiled opening, opened until its first draw:");
        _report.AppendLine();
        _report.Append(countyProfiled.Profile);
        _report.AppendLine();
        _report.AppendLine("The township's page, during a second burst (the same lamps switched on again) and the 3 s after it:");
        _report.AppendLine();
        _report.Append(burstHotspots);
        _report.AppendLine();
        _report.AppendLine("The same window in Chromium's trace (what \"(program)\" above was):");
        _report.AppendLine();
        _report.Append(burstTrace);
        Directory.Delete(folder, recursive: true);
        return _report.ToString();
    }

    /// <summary>
    /// Every lamp of <paramref name="lamps"/> (the watched township's) switches on or off, as fast as the silo takes them
    /// (for 60 s at most); how many the silo acknowledged.
    /// </summary>
    private static async Task<long> BurstAsync(int mqttPort, string[] lamps, bool on)
    {
        var burst = await RawMqttPublisher.ConnectAsync(mqttPort, "burst", "admin", "demo", 64);
        using var burstStop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var i = 0;
        var current = on ? """
            "on":true,"voltage":221,"current":0.4
            """ : """
            "on":false,"voltage":221,"current":0
            """;
        try
        {
            await burst.RunPacedAsync(_ =>
            {
                var lamp = lamps[i % lamps.Length];
                if (++i >= lamps.Length) burstStop.Cancel();
                return ($"gd/bench0/lamp/{lamp}/telemetry", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},{{current}}}""");
            }, () => 0, 50_000, burstStop.Token);
        }
        finally
        {
            await burst.DisposeAsync(); // waits (2 s at most) for the last acknowledgements
        }

        return burst.Acknowledged;
    }

    /// <summary>
    /// The five slowest probes as "latency @ when sent" (and how many never arrived): a stall that held every probe shows as
    /// neighbours whose latencies fall as their send times rise; a queue as latencies that grow through the burst.
    /// </summary>
    private static string SlowestProbes(IEnumerable<(string Lamp, long SentAt)> probes, JsonElement stamps, long from)
    {
        var seen = probes.Where(p => stamps.TryGetProperty(p.Lamp, out _))
            .Select(p => (Latency: stamps.GetProperty(p.Lamp).GetDouble() - p.SentAt, At: (p.SentAt - from) / 1000.0)).ToList();
        var missing = probes.Count() - seen.Count;
        var slowest = seen.OrderByDescending(p => p.Latency).Take(5).OrderBy(p => p.At).Select(p => $"{p.Latency:F0} @ {p.At:F1}");
        return string.Join(", ", slowest) + (missing > 0 ? $" ({missing} not arrived)" : "");
    }

    /// <summary>Publish → the page's stamp (wall clock, as the publisher's) of the probes whose lamp has one, sorted.</summary>
    private static List<double> Latencies(IEnumerable<(string Lamp, long SentAt)> probes, JsonElement stamps) =>
        [.. probes.Where(p => stamps.TryGetProperty(p.Lamp, out _)).Select(p => stamps.GetProperty(p.Lamp).GetDouble() - p.SentAt).Order()];

    /// <summary>
    /// Before the page's scripts: stamps when each lamp's first <c>alarmRaised</c> arrives on the page's WebSocket, before
    /// SignalR parses the frame or the page sees it (a listener added first runs first).
    /// </summary>
    private const string AlarmArrivals = """
        (() => {
          window.__alarmArrived = {};
          window.__ws = { messages: 0, chars: 0 };
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              this.addEventListener('message', e => {
                window.__ws.messages++;
                if (typeof e.data === 'string') window.__ws.chars += e.data.length;
                if (typeof e.data !== 'string' || !e.data.includes('"alarmRaised"')) return;
                const now = Date.now();
                for (const frame of e.data.split('\x1e')) {
                  if (!frame.includes('"alarmRaised"')) continue;
                  const m = JSON.parse(frame);
                  if (m.target !== 'alarmRaised') continue;
                  for (const a of m.arguments[0]) if (!(a.lampId in window.__alarmArrived)) window.__alarmArrived[a.lampId] = now;
                }
              });
            }
          };
        })()
        """;

    /// <summary>The silo's part of opening the county's screen: its snapshot asked for and received by a .NET SignalR client, and the answer's size.</summary>
    private static async Task<(TimeSpan Took, long Bytes)> CountyWatchAsync(Uri baseAddress)
    {
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "/hubs/command-centre"),
            o => o.AccessTokenProvider = async () => await BenchTownships.AdminTokenAsync(baseAddress)).Build();
        await hub.StartAsync();
        var took = Stopwatch.StartNew();
        var snapshot = await hub.InvokeAsync<JsonElement>("Watch", "county");
        took.Stop();
        return (took.Elapsed, Encoding.UTF8.GetByteCount(snapshot.GetRawText()));
    }

    /// <summary>What one opening of the county's screen measured: its first draw, and the profile if it was taken.</summary>
    private sealed record CountyDraw(double DrawMs, int Lamps, TimeSpan Opened, double StoreMs, double WaitMs, double PrepareMs, double RestMs,
        double DrawnMs, bool Deferred, string Profile);

    /// <summary>
    /// The county's screen, every lamp of every township, in a Chromium of its own: from its snapshot's arrival to the
    /// map's first draw of them (the page's own measure), and how many the canvas then shows. Before the load starts.
    /// <paramref name="profiled"/>: with Chromium's CPU profile and trace and the machine's threads sampled, which slow
    /// the page down (a first draw is timed on an opening without them). <paramref name="domains"/>: DevTools domains
    /// enabled all the same, to measure what they cost.
    /// </summary>
    private static async Task<CountyDraw> CountyFirstDrawAsync(Uri baseAddress, int siloPid, bool profiled, params string[] domains)
    {
        await using var county = await BareChromium.LaunchAsync(domains);
        await SignInAsync(county, baseAddress);
        var profile = profiled ? await CpuProfile.StartAsync(county, baseAddress) : null;
        var trace = profiled ? await ChromiumTrace.StartAsync(county) : null;
        await using var cpu = profiled ? new ThreadCpuSampler(new() { [siloPid] = "silo", [Environment.ProcessId] = "benchmark" }, TimeSpan.FromMilliseconds(100)) : null;
        var opened = Stopwatch.StartNew();
        await county.GotoAsync(new Uri(baseAddress, "/?scope=county"), TimeSpan.FromSeconds(60));
        await county.WaitForAsync("document.body.dataset.ready === 'true'", TimeSpan.FromSeconds(180));
        var ready = opened.Elapsed;
        var stats = await county.CallAsync<JsonElement>("() => window.gdMap.drawStats()");
        double Ms(string name) => stats.GetProperty(name).GetDouble();
        var drawMs = await county.CallAsync<double?>("() => window.gdMap.firstDrawMs") ?? double.NaN;
        var hotspots = "";
        if (profile is not null && trace is not null && cpu is not null)
        {
            hotspots = await profile.StopAsync();
            await profile.DisposeAsync();
            hotspots += Environment.NewLine + "The same page's trace, from its snapshot's arrival to the lamps' first draw (what \"(program)\" and the wait were):" + Environment.NewLine + Environment.NewLine
                + await trace.StopAsync(top: 16, from: "gd-snapshot", to: "gd-drawn") + Environment.NewLine
                + "The machine's threads in the same window, by CPU time from /proc (each process's threads by name): "
                + cpu.Busiest((long)Ms("fromEpochMs"), (long)(Ms("fromEpochMs") + drawMs)) + Environment.NewLine;
        }

        var lamps = await county.CallAsync<int>("() => window.gdMap.renderedLampCount()");
        if (!profiled && domains.Length == 0) await county.ScreenshotAsync("bench-dashboard-county");
        return new(drawMs, lamps, ready, Ms("storeMs"), Ms("waitMs"), Ms("prepareMs"), Ms("restMs"), Ms("drawnMs"), stats.GetProperty("deferred").GetBoolean(), hotspots);
    }

    /// <summary>Signs <paramref name="page"/> in as the county: the token put where the login page puts it.</summary>
    private static async Task SignInAsync(BareChromium page, Uri baseAddress)
    {
        await page.GotoAsync(new Uri(baseAddress, "/login.html"), TimeSpan.FromSeconds(30));
        await page.CallAsync<object>("t => { sessionStorage.setItem('griddispatch.token', t); sessionStorage.setItem('griddispatch.tokenExpires', String(Date.now() + 3600000)); }",
            await BenchTownships.AdminTokenAsync(baseAddress));
    }

    /// <summary>Records when each alarm row first appears (wall clock, as the publisher's) and every long task.</summary>
    private const string Observers = """
        () => {
          window.__alarmSeen = {};
          window.__longTasks = [];
          new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
            .observe({ type: 'longtask' });
          const feed = document.querySelector('[data-testid=alarm-feed]');
          new MutationObserver(() => {
            const now = Date.now();
            for (const row of feed.querySelectorAll('[data-testid=alarm-row]')) {
              const lamp = row.getAttribute('data-lamp-id');
              if (lamp && !(lamp in window.__alarmSeen)) window.__alarmSeen[lamp] = now;
            }
          }).observe(feed, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-lamp-id'] });
        }
        """;
}
