using System.Diagnostics;
using System.Text;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>The built <c>griddispatch-sim</c> run as a separate process, as an operator would run it.</summary>
public static class SimulatorCli
{
    public static readonly string Path = System.IO.Path.Combine(RepositoryPaths.Root, "simulators", "bin", RepositoryPaths.Configuration, "net10.0", "griddispatch-sim.dll");

    /// <summary>Runs it to the end; returns its exit code and everything it wrote (stdout, then stderr).</summary>
    public static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [Path, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Runs a long-lived command for a while, then stops it as Ctrl+C would (SIGINT) and waits for it to finish.</summary>
    public static Task<(int Exit, string Output)> RunForAsync(TimeSpan duration, params string[] arguments) => RunUntilAsync(Task.Delay(duration), arguments);

    /// <summary>Runs a long-lived command until <paramref name="enough"/> completes (it must have a deadline), then stops it as Ctrl+C would.</summary>
    public static Task<(int Exit, string Output)> RunUntilAsync(Task enough, params string[] arguments) => RunUntilAsync(_ => enough, arguments);

    /// <summary>
    /// Runs a long-lived command for at least <paramref name="atLeast"/> and until it has written <paramref name="words"/>
    /// (for at most <paramref name="deadline"/>), then stops it as Ctrl+C would. A loaded machine may take seconds to start it.
    /// </summary>
    public static Task<(int Exit, string Output)> RunUntilSaysAsync(string words, TimeSpan atLeast, TimeSpan deadline, params string[] arguments) =>
        RunUntilAsync(said => Task.WhenAll(Task.Delay(atLeast), Task.WhenAny(said(words), Task.Delay(deadline))), arguments);

    private static async Task<(int Exit, string Output)> RunUntilAsync(Func<Func<string, Task>, Task> enough, string[] arguments)
    {
        using var process = new Process { StartInfo = new ProcessStartInfo("dotnet", [Path, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true } };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var waiting = new List<(string Words, TaskCompletionSource Said)>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output)
            {
                output.AppendLine(e.Data);
                foreach (var (words, said) in waiting)
                    if (e.Data.Contains(words, StringComparison.Ordinal)) said.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (errors) errors.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Task Said(string words)
        {
            lock (output)
            {
                if (output.ToString().Contains(words, StringComparison.Ordinal)) return Task.CompletedTask;
                var said = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiting.Add((words, said));
                return said.Task;
            }
        }

        await Task.WhenAny(process.WaitForExitAsync(), enough(Said));
        if (!process.HasExited)
        {
            // Ctrl+C, unless this run inherited SIGINT as ignored (a suite started in the background, `tests/run.sh &`):
            // then SIGTERM, which the simulators take as the same graceful stop.
            using var interrupt = Process.Start("kill", [IgnoresSigint(process.Id) ? "-TERM" : "-INT", process.Id.ToString()]);
            await interrupt.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a loaded CI machine: a deadline, not a latency
        await process.WaitForExitAsync(timeout.Token); // with asynchronous reads, this also waits for the end of both streams
        lock (output) lock (errors) return (process.ExitCode, output.ToString() + errors);
    }

    /// <summary>Whether the process ignores SIGINT (bit 2 of SigIgn in /proc/PID/status).</summary>
    private static bool IgnoresSigint(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0b10) != 0;
    }
}
