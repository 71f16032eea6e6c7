using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GridDispatch.Benchmarks;

/// <summary>
/// A Chromium trace (devtools.timeline, over CDP's Tracing domain) of a page, summed by event name on the renderer's
/// main thread: what a CPU profile shows only as "(program)" (style, layout, paint, the compositor's work, GPU calls)
/// by name.
/// </summary>
public sealed class ChromiumTrace
{
    private readonly BareChromium _page;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromiumTrace(BareChromium page)
    {
        _page = page;
        page.Event += OnEvent;
    }

    public static async Task<ChromiumTrace> StartAsync(BareChromium page)
    {
        var trace = new ChromiumTrace(page);
        await page.SendAsync("Tracing.start", new JsonObject
        {
            ["transferMode"] = "ReportEvents",
            ["traceConfig"] = new JsonObject { ["includedCategories"] = new JsonArray("devtools.timeline", "toplevel", "blink", "gpu", "blink.user_timing") },
        });
        return trace;
    }

    private void OnEvent(string method, JsonElement data)
    {
        if (method == "Tracing.dataCollected")
        {
            lock (_events) _events.AddRange(data.GetProperty("value").EnumerateArray().Select(x => x.Clone()));
        }
        else if (method == "Tracing.tracingComplete")
        {
            _complete.TrySetResult();
        }
    }

    /// <summary>
    /// Stops the trace; the <paramref name="top"/> event names by total time on the main thread (nested events each count
    /// their whole time). With <paramref name="from"/> and <paramref name="to"/>, the page's <c>performance.mark</c>s, only
    /// what happened between the last of each (an event begun before counts for its part after), with the page's long
    /// tasks in it and how busy each thread of the browser was.
    /// </summary>
    public async Task<string> StopAsync(int top = 14, string? from = null, string? to = null)
    {
        await _page.SendAsync("Tracing.end");
        await _complete.Task.WaitAsync(TimeSpan.FromSeconds(60));
        _page.Event -= OnEvent;

        var (threads, processes) = Names();
        var main = threads.Where(t => t.Value == "CrRendererMain").Select(t => t.Key).ToHashSet();

        var (first, last) = (Mark(from), Mark(to));
        if (from is not null && (first is null || last is null)) return $"The page's marks `{from}` and `{to}` are not both in the trace.";
        var (start, end) = (first?.Ts ?? double.MinValue, last?.Ts ?? double.MaxValue);
        // other pages' renderers are in the trace too: a window is the marking page's
        if (first is { } marked) main.RemoveWhere(t => t.Item1 != marked.Pid);
        var total = new Dictionary<string, (double Ms, int Count, double Longest)>();
        var tasks = new List<(double At, double Ms)>();
        foreach (var (thread, name, clippedFrom, clippedTo) in Slices(start, end))
        {
            if (!main.Contains(thread)) continue;
            var ms = (clippedTo - clippedFrom) / 1000;
            var (sum, count, longest) = total.GetValueOrDefault(name);
            total[name] = (sum + ms, count + 1, Math.Max(longest, ms));
            if (from is not null && name == "ThreadControllerImpl::RunTask" && ms >= 20) tasks.Add(((clippedFrom - start) / 1000, ms));
        }

        var text = new StringBuilder();
        if (from is not null)
            text.AppendLine($"Between the page's marks `{from}` and `{to}`: {(end - start) / 1000:F0} ms; its main thread's tasks of 20 ms or more, from the first mark: "
                    + string.Join(", ", tasks.OrderBy(t => t.At).Select(t => $"+{t.At:F0} ms for {t.Ms:F0} ms")) + ".").AppendLine()
                .AppendLine(BusyThreads(start, end, threads, processes)).AppendLine();
        text.AppendLine("| trace event (renderer main thread) | total ms | count | longest ms |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, (ms, count, longest)) in total.OrderByDescending(x => x.Value.Ms).Take(top))
            text.AppendLine($"| `{name}` | {ms:F0} | {count} | {longest:F0} |");
        text.AppendLine().AppendLine(LongestTasks(main, start, end));
        return text.ToString();
    }

    /// <summary>
    /// The main thread's five longest tasks (50 ms or more) in the window, whole (one begun before it too), each with the longest events inside it (nested
    /// ones each count their whole time; a layout says how many of the page's layout objects it had to lay out, a style recalculation how many elements).
    /// </summary>
    private string LongestTasks(HashSet<(long Pid, long Tid)> main, double start, double end)
    {
        var inside = new List<((long, long) Thread, string Name, double From, double To, string Detail)>();
        foreach (var (thread, name, from, to, e) in Complete())
        {
            if (!main.Contains(thread) || to < start || from > end) continue;
            var detail = !e.TryGetProperty("args", out var args) ? ""
                : args.TryGetProperty("beginData", out var begin) && begin.TryGetProperty("totalObjects", out var total) ? $" ({begin.GetProperty("dirtyObjects").GetInt32()} of {total.GetInt32()} objects)"
                : args.TryGetProperty("elementCount", out var elements) ? $" ({elements.GetInt32()} elements)"
                : "";
            inside.Add((thread, name, from, to, detail));
        }

        var longest = inside.Where(x => x.Name == "ThreadControllerImpl::RunTask" && x.To - x.From >= 50_000).OrderByDescending(x => x.To - x.From).Take(5).ToList();
        if (longest.Count == 0) return "No task of the main thread took 50 ms or more in it.";
        var text = new StringBuilder("The main thread's longest tasks in it (whole, one begun before it too), each with its longest parts:").AppendLine().AppendLine();
        foreach (var task in longest)
        {
            var parts = inside.Where(x => x.Thread == task.Thread && x.From >= task.From && x.To <= task.To && x.Name != task.Name && x.To - x.From >= 5_000)
                .OrderByDescending(x => x.To - x.From).Take(8).Select(x => $"`{x.Name}` {(x.To - x.From) / 1000:F0}{x.Detail}");
            text.AppendLine($"- {(task.To - task.From) / 1000:F0} ms: {string.Join(", ", parts)}");
        }

        return text.ToString();
    }

    /// <summary>When the page last marked <paramref name="name"/> (the trace's clock, µs); null: never, or no name.</summary>
    private (double Ts, long Pid)? Mark(string? name)
    {
        if (name is null) return null;
        (double Ts, long Pid)? at = null;
        foreach (var e in _events)
            if (e.TryGetProperty("cat", out var cat) && cat.GetString()!.Contains("user_timing") && e.GetProperty("name").GetString() == name
                && e.GetProperty("ts").GetDouble() > (at?.Ts ?? double.MinValue))
                at = (e.GetProperty("ts").GetDouble(), e.GetProperty("pid").GetInt64());
        return at;
    }

    /// <summary>The trace's complete events (pid and tid, name), each clipped to the window: a task begun before it counts for its part in it.</summary>
    private IEnumerable<((long Pid, long Tid) Thread, string Name, double From, double To)> Slices(double start, double end)
    {
        foreach (var (thread, name, ts, until, _) in Complete())
        {
            var (from, to) = (Math.Max(ts, start), Math.Min(until, end));
            if (to >= from) yield return (thread, name, from, to);
        }
    }

    /// <summary>The trace's complete events, whole: thread (pid and tid), name, begin and end (µs), and the event itself.</summary>
    private IEnumerable<((long Pid, long Tid) Thread, string Name, double From, double To, JsonElement Event)> Complete()
    {
        foreach (var e in _events)
        {
            if (!e.TryGetProperty("ph", out var ph) || ph.GetString() != "X" || !e.TryGetProperty("dur", out var dur)) continue;
            var ts = e.GetProperty("ts").GetDouble();
            yield return ((e.GetProperty("pid").GetInt64(), e.GetProperty("tid").GetInt64()), e.GetProperty("name").GetString() ?? "", ts, ts + dur.GetDouble(), e);
        }
    }

    /// <summary>The names the trace gives its threads and processes (its metadata events).</summary>
    private (Dictionary<(long Pid, long Tid), string> Threads, Dictionary<long, string> Processes) Names()
    {
        var (threads, processes) = (new Dictionary<(long, long), string>(), new Dictionary<long, string>());
        foreach (var e in _events)
        {
            if (!e.TryGetProperty("ph", out var ph) || ph.GetString() != "M" || !e.TryGetProperty("args", out var args) || !args.TryGetProperty("name", out var n)) continue;
            var pid = e.GetProperty("pid").GetInt64();
            if (e.GetProperty("name").GetString() == "thread_name") threads[(pid, e.GetProperty("tid").GetInt64())] = n.GetString() ?? "";
            else if (e.GetProperty("name").GetString() == "process_name") processes[pid] = n.GetString() ?? "";
        }
        return (threads, processes);
    }

    /// <summary>How long each thread of the browser was busy in the window (the union of its traced events): who had the cores.</summary>
    private string BusyThreads(double start, double end, Dictionary<(long Pid, long Tid), string> names, Dictionary<long, string> processes)
    {
        var spans = new Dictionary<(long, long), List<(double From, double To)>>();
        foreach (var (thread, _, from, to) in Slices(start, end))
        {
            if (to <= from) continue;
            if (!spans.TryGetValue(thread, out var list)) spans[thread] = list = [];
            list.Add((from, to));
        }
        var busy = spans.Select(x =>
        {
            double sum = 0, reach = double.MinValue;
            foreach (var (f, t) in x.Value.OrderBy(v => v.From))
            {
                if (t <= reach) continue;
                sum += t - Math.Max(f, reach);
                reach = t;
            }
            return (Thread: $"{processes.GetValueOrDefault(x.Key.Item1, "?")} {x.Key.Item1} / {names.GetValueOrDefault(x.Key, "?")}", Ms: sum / 1000);
        }).Where(x => x.Ms >= 20).OrderByDescending(x => x.Ms);
        return "Busy in that window, by thread (traced events, 20 ms or more): " + string.Join("; ", busy.Select(x => $"{x.Thread} {x.Ms:F0} ms")) + ".";
    }
}
