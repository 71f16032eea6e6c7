using System.Diagnostics;

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
    public static async Task<(int Exit, string Output)> RunForAsync(TimeSpan duration, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [Path, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(duration));
        if (!process.HasExited)
        {
            using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString()]);
            await interrupt.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a loaded CI machine: a deadline, not a latency
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
