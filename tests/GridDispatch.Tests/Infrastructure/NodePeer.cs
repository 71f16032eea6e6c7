using System.Diagnostics;
using System.Text.Json;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>Runs the npm-based peers in tests/interop (installing them on first use): clients we did not write.</summary>
public static class NodePeer
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "interop");

    /// <summary>Runs <c>node {script} {arguments}</c> and parses the JSON line it prints.</summary>
    public static async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var output = (await stdout).Trim();
        if (output.Length == 0) throw new InvalidOperationException($"node {script} printed nothing: {await stderr}");
        return JsonDocument.Parse(output.Split('\n')[^1]).RootElement.Clone();
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            string[] peers = ["@grpc/grpc-js", "@grpc/proto-loader", "mqtt"];
            if (peers.All(p => Directory.Exists(Path.Combine(Folder, "node_modules", p)))) return;
            var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
            using var npm = Process.Start(start)!;
            var error = npm.StandardError.ReadToEndAsync();
            await npm.StandardOutput.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in tests/interop failed: {await error}");
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
