namespace GridDispatch.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The checkout's root: the folder holding GridDispatch.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridDispatch.sln"))) return dir.FullName;
        throw new InvalidOperationException($"GridDispatch.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// Where test data lives: on tmpfs (<c>/dev/shm</c>) where there is one. A process killed by a test keeps its
    /// writes there as it would on disk (they are in the page cache, which a kill -9 does not touch), and no SQLite or
    /// mosquitto fsync waits for a disk: that wait was a third of a storage-heavy test's time. A power cut, the one thing
    /// tmpfs would not survive, is not something these tests can cause.
    /// </summary>
    private static readonly string TempRoot = Path.Combine(
        Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "griddispatch-tests");

    /// <summary>A fresh folder for test data, removed by the caller.</summary>
    public static string NewTempFolder(string purpose)
    {
        var path = Path.Combine(TempRoot, $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
