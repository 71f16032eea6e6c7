using System.Diagnostics;
using Npgsql;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL 15 from Debian, on a free loopback port, in a temp folder: initdb and postgres run as the
/// <c>postgres</c> user (initdb refuses root), trust authentication on loopback, no fsync (a test's data is
/// thrown away). <see cref="NewDatabaseAsync"/> gives each test a database of its own on the one server.
/// </summary>
public sealed class PostgresServer : ServerProcess
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _folder;
    private int _databases;

    private PostgresServer(int port, string folder) : base($"postgres:{port}", new ProcessStartInfo("runuser",
        ["-u", "postgres", "--", $"{Bin}/postgres", "-D", Path.Combine(folder, "data"), "-p", port.ToString(), "-k", folder,
         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]))
    {
        Port = port;
        _folder = folder;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    public static async Task<PostgresServer> StartAsync()
    {
        if (!File.Exists($"{Bin}/initdb")) await AptPackages.EnsureCommandAsync("pg_ctlcluster", "postgresql-15");
        var folder = RepositoryPaths.NewTempFolder("postgres");
        await RunAsync("chown", "postgres:", folder);
        await RunAsync("runuser", "-u", "postgres", "--", $"{Bin}/initdb", "-D", Path.Combine(folder, "data"), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        var server = new PostgresServer(FreePort.Next(), folder);
        await server.WaitUntilAsync(server.PingAsync, TimeSpan.FromSeconds(30));
        return server;
    }

    private async Task<bool> PingAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        return true;
    }

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> NewDatabaseAsync(string purpose)
    {
        var name = $"{purpose}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}");
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
