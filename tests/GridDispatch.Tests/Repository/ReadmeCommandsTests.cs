using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Repository;

/// <summary>
/// Every example command of the README, read from the README itself, run as written against the demo as the
/// README starts it: <c>--demo</c> with its simulated life on and the default deadlines, one silo for all of
/// them. Only the ports (free ones, so tests can run side by side) and the database file differ; the commands
/// get the same ports through their own options. A newcomer's first commands must not crash or fail. The demo
/// starts from the suite's imported copy (a first start's import is <see cref="Silo.Hosting.SiloProcessTests"/>'s).
/// </summary>
public sealed partial class ReadmeCommandsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LongRunningFor = TimeSpan.FromSeconds(6);
    private const string PausedDemo = "paused while this runs";
    private readonly string _folder = RepositoryPaths.NewTempFolder("readme");
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "readme.db"), "--Demo:Life=true");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The README's shell examples: continuation lines joined, comments dropped; the test suite and the cluster script aside.</summary>
    private static List<string> Examples()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var commands = new List<string>();
        foreach (Match block in ShellBlock().Matches(readme))
        {
            var joined = block.Groups[1].Value.Replace("\\\n", " ");
            foreach (var line in joined.Split('\n').Select(l => Comment().Replace(l, "").Trim()))
                if (line.StartsWith("dotnet run --project simulators", StringComparison.Ordinal) || line.StartsWith("mosquitto_pub", StringComparison.Ordinal))
                    commands.Add(Regex.Replace(line, @"\s+", " "));
        }

        return commands;
    }

    [Fact]
    public async Task Every_example_command_works_as_written_against_the_readme_s_demo()
    {
        var examples = Examples();
        Assert.True(examples.Count >= 7, $"the README's examples: {string.Join(" | ", examples)}");
        using var http = await CommandCentreClient.HttpAsync(_silo.BaseAddress, "admin");
        foreach (var command in examples)
        {
            output.WriteLine($"$ {command}");
            var clock = Stopwatch.StartNew();
            var (exit, text) = command.StartsWith("mosquitto_pub", StringComparison.Ordinal) ? await Shell(command.Replace("-p 1883", $"-p {_silo.MqttPort}")) : await Simulator(command);
            output.WriteLine($"{text.Trim()}\n→ exit {exit} after {clock.Elapsed.TotalSeconds:F1} s\n");
            // A long-running command stopped by Ctrl+C may say so: 130 (128 + SIGINT), as System.CommandLine reports it.
            Assert.True(exit == 0 || (exit == 130 && IsLongRunning(command)), $"`{command}` exited {exit}:\n{text}");
            Assert.DoesNotContain("Unhandled exception", text);
            Assert.DoesNotContain("FAILED", text);
            // The README's leak is an alarm at once (before the demo's own lamp reports clean again and clears it).
            if (command.StartsWith("mosquitto_pub", StringComparison.Ordinal))
                await Eventually.Holds(() => http.GetFromJsonAsync<JsonElement>("/api/lamps/yimen-L0001"),
                    l => l.GetProperty("openAlarms").EnumerateArray().Any(a => a.GetProperty("code").GetString() == "LEAKAGE"), what: "the README's leak raised");
        }
    }

    private static bool IsLongRunning(string command) =>
        Regex.IsMatch(command, @" -- (life|lamps|handhelds|responders)\b");

    /// <summary>The simulator as <c>dotnet run --project simulators -- ARGS</c> runs it (the built binary), with this silo's ports.</summary>
    private async Task<(int Exit, string Output)> Simulator(string command)
    {
        var args = command[(command.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var http = _silo.BaseAddress.ToString().TrimEnd('/');
        if (args[0] == "handheld")
        {
            args.InsertRange(1, ["--server", $"http://127.0.0.1:{_silo.GrpcPort}"]);
            var (exit, text) = await SimulatorCli.RunAsync([.. args]);
            Assert.Matches(@"受理编号 益门-\d{4}-\d{4}", text);
            return (exit, text);
        }

        args.AddRange(["--mqtt-port", _silo.MqttPort.ToString(), "--grpc-port", _silo.GrpcPort.ToString()]);
        if (args[0] is "life" or "lamps" or "responders" or "scenario") args.AddRange(["--http", http]);
        if (args[0] == "scenario") return await SimulatorCli.RunAsync([.. args]);
        // life and lamps take over from the demo's own lamps, and say so once connected (a loaded machine may take a while to start them)
        var result = args[0] is "life" or "lamps"
            ? await SimulatorCli.RunUntilSaysAsync(PausedDemo, LongRunningFor, TimeSpan.FromSeconds(60), [.. args, "--status-every", "2"])
            : await SimulatorCli.RunForAsync(LongRunningFor, [.. args, "--status-every", "2"]);
        if (args[0] is "life" or "lamps") Assert.Contains(PausedDemo, result.Output);
        return result;
    }

    private static async Task<(int Exit, string Output)> Shell(string command)
    {
        await AptPackages.EnsureCommandAsync("mosquitto_pub", "mosquitto-clients");
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    /// <summary>A comment: <c>#</c> after whitespace, outside the JSON of the mosquitto example (which has none).</summary>
    [GeneratedRegex(@"(^|\s)#.*$")]
    private static partial Regex Comment();
}
