using System.Diagnostics;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// Installs a Debian package when the command a test needs is missing, so `dotnet test` works on a
/// machine that has only the SDK. The test script installs the same packages up front; this is the
/// fallback. A file lock keeps parallel test processes from running apt at once.
/// </summary>
public static class AptPackages
{
    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private static bool _updated;

    public static async Task<string> EnsureCommandAsync(string command, string package)
    {
        if (Which(command) is { } found) return found;
        await InProcess.WaitAsync();
        try
        {
            using var fileLock = await AcquireFileLockAsync();
            if (Which(command) is { } installedMeanwhile) return installedMeanwhile;
            if (!_updated)
            {
                await RunAsync("apt-get", "update -qq");
                _updated = true;
            }

            await RunAsync("apt-get", $"install -y -qq --no-install-recommends {package}");
            return Which(command) ?? throw new InvalidOperationException($"apt installed {package} but {command} is still not on PATH");
        }
        finally
        {
            InProcess.Release();
        }
    }

    public static string? Which(string command)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/usr/sbin").Split(':'))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate)) return candidate;
        }

        // Debian puts some daemons in sbin, which a non-login PATH may lack.
        foreach (var dir in new[] { "/usr/sbin", "/sbin", "/usr/bin" })
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    private static async Task<FileStream> AcquireFileLockAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "griddispatch-apt.lock");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(1000);
            }
        }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await stderr}. Run the test script as root, or install the package yourself.");
    }
}
