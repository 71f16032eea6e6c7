using System.Net;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Hosting;

/// <summary>Issue 8, operations: a graceful stop drains and persists; a backup taken while running restores.</summary>
public sealed class OperationsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("operations");

    [Fact]
    public async Task A_sigterm_under_load_drains_persists_and_exits_cleanly_and_soon()
    {
        var db = Path.Combine(_folder, "stop.db");
        // The demo's life running (both townships' 1,100 lamps every 2 s, whistles, responders): a stop under load.
        string[] arguments = ["--demo", "--db", db, "--Demo:Life=true", "--Demo:LampInterval=2", "--Demo:WhistleEvery=5"];
        var lamp = DemoTownships.All().First(t => t.Id == "zhangguan").Lamps[0].Id;
        await using (var silo = await SiloProcess.StartAsync(_folder, arguments))
        {
            // The demo simulates this lamp too: it hands the lamp over (as a README scenario does), so the last report is ours.
            using (var admin = await CommandCentreClient.HttpAsync(silo.BaseAddress, "admin"))
                Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/api/demo/life/pause", new { lamps = new[] { lamp }, seconds = 600 })).StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(5)); // under load; and the simulated lamp's last report (every 2 s) is behind us
            // A plain report is saved lazily (at most every 5 min), so only a drain at shutdown keeps it.
            Assert.Equal(0, (await Mosquitto.PubAsync(["-h", "127.0.0.1", "-p", silo.MqttPort.ToString(), "-u", lamp, "-P", "demo", "-i", lamp, "-q", "1",
                "-t", $"gd/zhangguan/lamp/{lamp}/telemetry", "-m", $$"""{"ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"on":true,"brightness":42}"""])).ExitCode);

            var clock = Stopwatch.StartNew();
            await silo.StopAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"stopped in {clock.Elapsed.TotalSeconds:F1} s, exit code {silo.ExitCode}");
            Assert.Equal(0, silo.ExitCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:F1} s to stop");
            // Nothing failed to persist. (A call racing the stop, from a lamp still connected as the runtime winds down, may log
            // that it could not be delivered: it was never acknowledged, and the lamp sends it again.)
            var lost = silo.AllOutput.Split('\n').Where(l => l.Contains("Error from storage provider", StringComparison.Ordinal)
                || l.Contains("invalid activation", StringComparison.OrdinalIgnoreCase) || l.Contains("failed to deactivate", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(lost.Count == 0, string.Join('\n', lost));
            output.WriteLine($"{silo.Errors} lines logged at error level during the run");
        }

        await using (var silo = await SiloProcess.StartAsync(_folder, ["--demo", "--db", db]))
        {
            using var http = await CommandCentreClient.HttpAsync(silo.BaseAddress, "admin");
            var snapshot = await http.GetFromJsonAsync<JsonElement>($"/api/lamps/{lamp}");
            Assert.Equal(42, snapshot.GetProperty("brightness").GetDouble());
        }
    }

    [Fact]
    public async Task A_backup_taken_while_the_silo_runs_restores_what_was_acknowledged()
    {
        var db = Path.Combine(_folder, "live.db");
        var copy = Path.Combine(_folder, "backups", "copy.db");
        await using (var silo = await SiloProcess.StartAsync(_folder, ["--demo", "--db", db]))
        {
            using var http = await CommandCentreClient.HttpAsync(silo.BaseAddress, "admin");
            (await http.PostAsJsonAsync("/api/whistles", new
            {
                whistleId = "backup-1", township = "yimen", cellId = "yimen-V08", by = "admin", category = "road", severity = "minor", text = "备份测试",
            })).EnsureSuccessStatusCode();

            var (exit, printed) = await RunSiloCommandAsync("backup", "--db", db, "--out", copy);
            output.WriteLine(printed);
            Assert.Equal(0, exit);
            Assert.Contains("integrity ok", printed);
            Assert.NotEqual(0, (await RunSiloCommandAsync("backup", "--db", db, "--out", copy)).Exit); // never overwrites
        }

        await using (var restored = await SiloProcess.StartAsync(_folder, ["--demo", "--db", copy]))
        {
            using var http = await CommandCentreClient.HttpAsync(restored.BaseAddress, "admin");
            var incident = await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{IncidentIds.For("yimen", IncidentSource.Whistle, "backup-1")}");
            Assert.Equal("备份测试", incident.GetProperty("report").GetProperty("text").GetString());
        }
    }

    private static async Task<(int Exit, string Output)> RunSiloCommandAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", [SiloProcess.Assembly, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await text + await errors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
