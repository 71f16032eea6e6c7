using System.Text;

namespace GridDispatch.Benchmarks;

/// <summary>
/// Samples the CPU time of every thread on the machine (<c>/proc/*/task/*/stat</c>) a few times a second, so a window
/// given later in wall-clock time can say who had the cores in it: threads a Chromium trace does not see (SwiftShader's
/// own, the silo's, this process's) as well as those it does.
/// </summary>
public sealed class ThreadCpuSampler : IAsyncDisposable
{
    private readonly List<(long AtMs, Dictionary<(int Pid, int Tid), (string Name, long Ticks)> Threads)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<int, string> _labels;
    private readonly Dictionary<int, string> _seen = [];

    /// <param name="labels">Names for processes this benchmark knows (the silo, itself); Chromium's are named by their type.</param>
    public ThreadCpuSampler(Dictionary<int, string> labels, TimeSpan every)
    {
        _labels = labels;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(every);
            do
            {
                var sample = Read();
                lock (_samples) _samples.Add((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), sample));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        });
    }

    /// <summary>
    /// CPU ms of each thread between the last sample at or before <paramref name="fromMs"/> and the first at or after
    /// <paramref name="toMs"/> (Unix ms), the <paramref name="top"/> busiest, with the window the samples span.
    /// </summary>
    public string Busiest(long fromMs, long toMs, int top = 12)
    {
        (long AtMs, Dictionary<(int, int), (string Name, long Ticks)> Threads) before, after;
        lock (_samples)
        {
            before = _samples.LastOrDefault(s => s.AtMs <= fromMs, _samples.FirstOrDefault());
            after = _samples.FirstOrDefault(s => s.AtMs >= toMs, _samples.LastOrDefault());
        }
        if (before.Threads is null || after.Threads is null) return "no samples.";
        var used = after.Threads
            .Select(t => (t.Value.Name, Ms: (t.Value.Ticks - (before.Threads.TryGetValue(t.Key, out var b) ? b.Ticks : 0)) * 10L))
            .Where(t => t.Ms >= 20)
            .GroupBy(t => t.Name).Select(g => (Name: g.Key, Ms: g.Sum(t => t.Ms), Threads: g.Count()))
            .OrderByDescending(t => t.Ms).Take(top);
        var text = new StringBuilder($"over {after.AtMs - before.AtMs} ms of samples ({Environment.ProcessorCount} cores: {Environment.ProcessorCount * (after.AtMs - before.AtMs)} ms of CPU at most): ");
        text.Append(string.Join("; ", used.Select(t => $"{t.Name}{(t.Threads > 1 ? $" ({t.Threads} threads)" : "")} {t.Ms} ms")));
        return text.Append('.').ToString();
    }

    private Dictionary<(int, int), (string, long)> Read()
    {
        var threads = new Dictionary<(int, int), (string, long)>();
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out var pid)) continue;
            try
            {
                var label = Label(pid);
                foreach (var task in Directory.EnumerateDirectories(Path.Combine(process, "task")))
                {
                    var (name, ticks) = ProcessFigures.Stat(File.ReadAllText(Path.Combine(task, "stat")));
                    threads[(pid, int.Parse(Path.GetFileName(task)))] = ($"{label} / {name}", ticks);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { /* gone meanwhile */ }
        }
        return threads;
    }

    /// <summary>A process's name for the report: the benchmark's label, Chromium's process type, else its command.</summary>
    private string Label(int pid)
    {
        if (_labels.TryGetValue(pid, out var known) || _seen.TryGetValue(pid, out known)) return known;
        // Chromium rewrites its children's command lines into one string: the type is searched for, not split out
        var command = File.ReadAllText($"/proc/{pid}/cmdline");
        var at = command.IndexOf("--type=", StringComparison.Ordinal);
        var type = at < 0 ? null : command[(at + "--type=".Length)..].Split(' ', '\0')[0];
        var name = File.ReadAllText($"/proc/{pid}/comm").Trim();
        return _seen[pid] = type is null ? name : $"{name} {type} {pid}";
    }

    /// <summary>Stops sampling; again, it does nothing (a window may stop it before its scope ends).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        try { await _loop; }
        catch (OperationCanceledException) { /* stopped */ }
        _stop.Dispose();
    }
}
