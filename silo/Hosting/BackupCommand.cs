using Microsoft.Data.Sqlite;

namespace GridDispatch.Silo.Hosting;

/// <summary>
/// <c>GridDispatch.Silo backup --db data/griddispatch.db --out /var/backups/griddispatch-2026-11-24.db</c>:
/// a consistent copy of the embedded profile's SQLite file (grain state and reminders) through SQLite's
/// online backup, safe while the silo runs (WAL: the silo keeps writing; the copy is one moment). The copy
/// is a complete database: start a silo with <c>--db</c> on it to restore.
/// </summary>
public static class BackupCommand
{
    public const string Name = "backup";

    public static int Run(string[] args)
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables().AddCommandLine(args, SiloCommandLine.SwitchMappings).Build();
        var source = config["Sqlite:DataSource"];
        var output = config["out"];
        if (source is null || output is null)
        {
            Console.Error.WriteLine("usage: backup --db data/griddispatch.db --out FILE");
            return 2;
        }

        if (!File.Exists(source))
        {
            Console.Error.WriteLine($"no database at {Path.GetFullPath(source)}");
            return 1;
        }

        if (File.Exists(output))
        {
            Console.Error.WriteLine($"{output} exists; a backup never overwrites");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var started = DateTime.UtcNow;
        using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = output, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
        {
            from.Open();
            to.Open();
            from.BackupDatabase(to);
            using var check = to.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            if (check.ExecuteScalar() as string != "ok")
            {
                Console.Error.WriteLine($"{output}: the copy failed its integrity check");
                return 1;
            }
        }

        Console.WriteLine($"{Path.GetFullPath(output)}: {new FileInfo(output).Length:N0} bytes from {Path.GetFullPath(source)} in {(DateTime.UtcNow - started).TotalSeconds:F1} s (integrity ok)");
        return 0;
    }
}
