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

    /// <summary>A fresh folder under the system temp dir, removed by the caller.</summary>
    public static string NewTempFolder(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "griddispatch-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
