using System.Net;
using System.Net.Http.Json;
using GridDispatch.Grains.Operations;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Silo.Hosting;

/// <summary>The README's run command: a real silo process on the embedded SQLite default.</summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("silo-process");

    [Fact]
    public async Task The_silo_answers_health_and_keeps_its_state_across_restarts_and_a_kill()
    {
        var db = Path.Combine(_folder, "data", "griddispatch.db");

        InstallationInfo first;
        await using (var silo = await SiloProcess.StartAsync(_folder, "--db", db))
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress };
            using var management = new HttpClient { BaseAddress = silo.ManagementAddress };
            Assert.Equal("Healthy", await http.GetStringAsync("/healthz"));
            var readiness = await http.GetStringAsync("/readyz");
            Assert.StartsWith("Healthy\n", readiness);
            Assert.Contains("sqlite: Healthy", readiness);
            Assert.Contains("griddispatch_sqlite_batch_size", await management.GetStringAsync("/metrics"));
            Assert.Equal(HttpStatusCode.OK, (await management.GetAsync("/orleans/")).StatusCode);
            first = (await management.GetFromJsonAsync<InstallationInfo>("/api/installation"))!;
            Assert.Equal(1, first.Starts);
            await silo.StopAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(File.Exists(db), "the SQLite file is where --db said");

        await using (var silo = await SiloProcess.StartAsync(_folder, "--db", db))
        {
            using var http = new HttpClient { BaseAddress = silo.ManagementAddress };
            var second = (await http.GetFromJsonAsync<InstallationInfo>("/api/installation"))!;
            Assert.Equal(2, second.Starts);
            Assert.Equal(first.FirstStartedAt, second.FirstStartedAt);
            // No graceful shutdown this time: what was acknowledged must already be on disk.
            silo.Kill();
        }

        await using (var silo = await SiloProcess.StartAsync(_folder, "--db", db))
        {
            using var http = new HttpClient { BaseAddress = silo.ManagementAddress };
            var third = (await http.GetFromJsonAsync<InstallationInfo>("/api/installation"))!;
            Assert.Equal(3, third.Starts);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
