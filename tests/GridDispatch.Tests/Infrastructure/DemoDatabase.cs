namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// Importing the demo townships costs about 4,000 grain writes: seconds alone, and several times that while the
/// suite keeps both cores busy. A demo silo on a new SQLite database therefore starts from a copy of one database
/// imported once per test run (the silo sees an imported demo and skips the import, as on any restart).
/// Tests of a first start itself (the README's commands) ask for a fresh import.
/// </summary>
public static class DemoDatabase
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>If <paramref name="arguments"/> start a demo silo on a database that does not exist yet, copies the imported demo there.</summary>
    public static async Task PrepareAsync(IReadOnlyList<string> arguments)
    {
        if (!arguments.Contains("--demo") || arguments.Contains("--profile")) return;
        var at = IndexOf(arguments, "--db");
        if (at < 0 || at + 1 >= arguments.Count || File.Exists(arguments[at + 1])) return;
        await CopyToAsync(arguments[at + 1]);
    }

    /// <summary>Writes the imported demo (townships, lamps, demo logins) to a new database at <paramref name="path"/>.</summary>
    public static async Task CopyToAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Copy(await Template.Value, path);
    }

    private static int IndexOf(IReadOnlyList<string> arguments, string name)
    {
        for (var i = 0; i < arguments.Count; i++)
            if (arguments[i] == name) return i;
        return -1;
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var folder = RepositoryPaths.NewTempFolder("demo-template");
        // Kept for the whole run; removed when the test process ends (test data lives in memory, see RepositoryPaths).
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* a silo still closing: left for the system's temp cleaning */ }
        };
        var db = Path.Combine(folder, "demo.db");
        await using (var silo = await SiloProcess.StartFreshAsync(folder, "--demo", "--db", db))
        {
            // A clean stop closes the last SQLite connection, which folds the write-ahead log into the file.
            await silo.StopAsync(TimeSpan.FromSeconds(30));
        }

        if (File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > 0)
            throw new InvalidOperationException("the demo template's write-ahead log was not checkpointed");
        return db;
    }
}
