using System.Collections.Concurrent;
using System.Diagnostics;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// A real server process a test starts on loopback and owns: output kept for diagnosis,
/// killed with its children on dispose.
/// </summary>
public class ServerProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Process _process;

    protected ServerProcess(string name, ProcessStartInfo start)
    {
        Name = name;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process printed, for assertion messages.</summary>
    public string Output => string.Join(Environment.NewLine, _lines);

    /// <summary>Lines the process logged at error (<c>fail:</c>, <c>crit:</c>) and warning level since it started.</summary>
    public int Errors => _errors;

    public int Warnings => _warnings;

    private int _errors, _warnings;
    private readonly System.Text.StringBuilder _all = new();

    /// <summary>Everything printed so far (up to 8 MB), for searching: e.g. that no secret was ever logged.</summary>
    public string AllOutput
    {
        get { lock (_all) return _all.ToString(); }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_all) if (_all.Length < 8_000_000) _all.AppendLine(line);
        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal)) Interlocked.Increment(ref _errors);
        else if (line.StartsWith("warn:", StringComparison.Ordinal)) Interlocked.Increment(ref _warnings);
        _lines.Enqueue(line);
        while (_lines.Count > 400 && _lines.TryDequeue(out _)) { }
    }

    /// <summary>Polls <paramref name="ready"/> until it holds, the process dies, or time runs out.</summary>
    protected async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{Output}");
            try
            {
                if (await ready()) return;
            }
            catch (Exception) when (deadline.Elapsed < timeout)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{Name} not ready after {timeout}:{Environment.NewLine}{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks run, as when a machine loses power.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM and wait: the process runs its graceful shutdown.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", $"-TERM {_process.Id}")) await term.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not stop within {timeout}:{Environment.NewLine}{Output}");
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
