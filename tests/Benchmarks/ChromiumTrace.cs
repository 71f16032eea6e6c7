using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A Chromium trace (devtools.timeline, over CDP's Tracing domain) of a page, summed by event name on the renderer's
/// main thread: what a CPU profile shows only as "(program)" (style, layout, paint, the compositor's work, GPU calls)
/// by name.
/// </summary>
public sealed class ChromiumTrace
{
    private readonly ICDPSession _session;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromiumTrace(ICDPSession session)
    {
        _session = session;
        session.Event("Tracing.dataCollected").OnEvent += (_, e) =>
        {
            if (e is not { } data) return;
            lock (_events) _events.AddRange(data.GetProperty("value").EnumerateArray().Select(x => x.Clone()));
        };
        session.Event("Tracing.tracingComplete").OnEvent += (_, _) => _complete.TrySetResult();
    }

    public static async Task<ChromiumTrace> StartAsync(IPage page)
    {
        var trace = new ChromiumTrace(await page.Context.NewCDPSessionAsync(page));
        await trace._session.SendAsync("Tracing.start", new Dictionary<string, object>
        {
            ["transferMode"] = "ReportEvents",
            ["traceConfig"] = new Dictionary<string, object> { ["includedCategories"] = new[] { "devtools.timeline", "toplevel", "blink", "gpu" } },
        });
        return trace;
    }

    /// <summary>Stops the trace; the <paramref name="top"/> event names by total time on the main thread (nested events each count their whole time).</summary>
    public async Task<string> StopAsync(int top = 14)
    {
        await _session.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(60));
        try { await _session.DetachAsync(); }
        catch (PlaywrightException) { /* the page is gone: so is the session */ }

        var main = new HashSet<(long, long)>();
        foreach (var e in _events)
            if (e.TryGetProperty("name", out var n) && n.GetString() == "thread_name" && e.GetProperty("args").GetProperty("name").GetString() == "CrRendererMain")
                main.Add((e.GetProperty("pid").GetInt64(), e.GetProperty("tid").GetInt64()));

        var total = new Dictionary<string, (double Ms, int Count, double Longest)>();
        foreach (var e in _events)
        {
            if (!e.TryGetProperty("ph", out var ph) || ph.GetString() != "X" || !e.TryGetProperty("dur", out var dur)) continue;
            if (!main.Contains((e.GetProperty("pid").GetInt64(), e.GetProperty("tid").GetInt64()))) continue;
            var name = e.GetProperty("name").GetString() ?? "";
            var ms = dur.GetDouble() / 1000;
            var (sum, count, longest) = total.GetValueOrDefault(name);
            total[name] = (sum + ms, count + 1, Math.Max(longest, ms));
        }

        var text = new StringBuilder();
        text.AppendLine("| trace event (renderer main thread) | total ms | count | longest ms |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, (ms, count, longest)) in total.OrderByDescending(x => x.Value.Ms).Take(top))
            text.AppendLine($"| `{name}` | {ms:F0} | {count} | {longest:F0} |");
        return text.ToString();
    }
}
