using System.Diagnostics;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>Debian's mosquitto_pub and mosquitto_sub: MQTT clients we did not write.</summary>
public static class Mosquitto
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> PubAsync(params string[] arguments) => await RunAsync("mosquitto_pub", null, arguments);

    /// <summary>mosquitto_pub -l: every line of <paramref name="lines"/> is one message, all on one connection.</summary>
    public static async Task<Result> PubLinesAsync(IEnumerable<string> lines, params string[] arguments) =>
        await RunAsync("mosquitto_pub", string.Join('\n', lines) + "\n", [.. arguments, "-l"]);

    public static async Task<Result> SubAsync(TimeSpan timeout, params string[] arguments) =>
        await RunAsync("mosquitto_sub", null, [.. arguments, "-W", Math.Max(1, (int)timeout.TotalSeconds).ToString()]);

    private static async Task<Result> RunAsync(string command, string? input, string[] arguments)
    {
        var executable = await AptPackages.EnsureCommandAsync(command, "mosquitto-clients");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, (await stdout) + (await stderr));
    }
}
