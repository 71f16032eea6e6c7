using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Operations;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Silo.Hosting;

/// <summary>The README's run command: a real silo process on the embedded SQLite default (the demo's townships, for the history chart).</summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("silo-process");

    [Fact]
    public async Task The_silo_answers_health_and_keeps_its_state_across_restarts_and_a_kill()
    {
        var db = Path.Combine(_folder, "data", "griddispatch.db");
        string[] settings = ["--db", db, "--demo", "--History:SampleEvery=00:00:01"];

        InstallationInfo first;
        JsonElement chart;
        await using (var silo = await SiloProcess.StartFreshAsync(_folder, settings)) // a first start: the installation counts it
        {
            using var http = new HttpClient { BaseAddress = silo.BaseAddress };
            using var management = new HttpClient { BaseAddress = silo.ManagementAddress };
            Assert.Equal("Healthy", await http.GetStringAsync("/healthz"));
            var readiness = await http.GetStringAsync("/readyz");
            Assert.StartsWith("Healthy\n", readiness);
            Assert.Contains("sqlite: Healthy", readiness);
            var metrics = await management.GetStringAsync("/metrics");
            Assert.Contains("griddispatch_sqlite_batch_size", metrics);
            // A commit takes milliseconds: its histogram must have buckets there, not OpenTelemetry's default (0, 5, 10, … seconds).
            Assert.Contains(metrics.Split('\n'), line => line.StartsWith("griddispatch_sqlite_commit_duration_seconds_bucket{", StringComparison.Ordinal) && line.Contains("le=\"0.005\""));
            Assert.Contains("griddispatch_liveness_silence_held", metrics); // how many lamps a mass silence holds: 0 on a fresh start
            // The Orleans Dashboard only when asked for: it reads every activation each second while it runs.
            Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/orleans/")).StatusCode);
            first = (await management.GetFromJsonAsync<InstallationInfo>("/api/installation"))!;
            Assert.Equal(1, first.Starts);
            using var admin = await CommandCentreClient.HttpAsync(silo.BaseAddress, "admin");
            chart = await Eventually.Holds(() => admin.GetFromJsonAsync<JsonElement>(ChartOfTheLastHour),
                c => c.GetProperty("points").GetArrayLength() > 0, TimeSpan.FromSeconds(30), "the history chart's first minute");
            await silo.StopAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(File.Exists(db), "the SQLite file is where --db said");
        Assert.True(File.Exists(Path.Combine(_folder, "data", "griddispatch.history.db")), "the history is a file of its own beside it");

        await using (var silo = await SiloProcess.StartAsync(_folder, settings))
        {
            using var http = new HttpClient { BaseAddress = silo.ManagementAddress };
            var second = (await http.GetFromJsonAsync<InstallationInfo>("/api/installation"))!;
            Assert.Equal(2, second.Starts);
            Assert.Equal(first.FirstStartedAt, second.FirstStartedAt);
            // The chart's minutes from before the restart are still there, and the history still began when it first started.
            using var admin = await CommandCentreClient.HttpAsync(silo.BaseAddress, "admin");
            var after = (await admin.GetFromJsonAsync<JsonElement>(ChartOfTheLastHour))!;
            Assert.Equal(chart.GetProperty("since").GetInt64(), after.GetProperty("since").GetInt64());
            var minutes = after.GetProperty("points").EnumerateArray().Select(p => p[0].GetInt64()).ToHashSet();
            Assert.All(chart.GetProperty("points").EnumerateArray(), p => Assert.Contains(p[0].GetInt64(), minutes));
            // No graceful shutdown this time: what was acknowledged must already be on disk.
            silo.Kill();
        }

        await using (var silo = await SiloProcess.StartAsync(_folder, [.. settings, "--Management:OrleansDashboard=true"]))
        {
            using var http = new HttpClient { BaseAddress = silo.ManagementAddress };
            var third = (await http.GetFromJsonAsync<InstallationInfo>("/api/installation"))!;
            Assert.Equal(3, third.Starts);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/orleans/")).StatusCode);
            using var publicPort = new HttpClient { BaseAddress = silo.BaseAddress };
            Assert.Equal(HttpStatusCode.NotFound, (await publicPort.GetAsync("/orleans/")).StatusCode);
        }
    }

    private const string ChartOfTheLastHour = "/api/townships/yimen/history?metric=lit&minutes=60";

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
