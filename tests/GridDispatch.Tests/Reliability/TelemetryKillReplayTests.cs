using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// Plain telemetry is acknowledged once applied and saved lazily: a kill -9 of the real silo loses the reports
/// acknowledged since the lamp's last save. A lamp that sends them all again after the restart (a
/// store-and-forward lamp replaying its buffer) has nothing counted twice: its energy equals a twin's that
/// sent each report once.
/// </summary>
public sealed class TelemetryKillReplayTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("telemetry-kill");
    private SiloProcess? _silo;

    [Fact]
    public async Task Reports_acknowledged_but_not_saved_before_a_kill_9_and_sent_again_are_counted_once()
    {
        var db = Path.Combine(_folder, "crash.db");
        string[] arguments = ["--demo", "--db", db];
        _silo = await SiloProcess.StartAsync(_folder, arguments);
        var lamps = DemoTownships.All().First(t => t.Id == "yimen").Lamps.Skip(300).ToList();
        var (crashed, twin) = (lamps[0], lamps.First(l => l.Id != lamps[0].Id && l.RatedWatts == lamps[0].RatedWatts));
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();
        string Report(int i) => $$"""{"ts":{{t0 + i * 60_000}},"on":true,"brightness":60,"voltage":220,"current":0.3,"power":60}""";

        async Task Send(string lamp, int i)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await LampPublisher.ReportOnceAsync(_silo!.MqttPort, "yimen", lamp, "demo", Report(i)))
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"report {i} of {lamp} never acknowledged");
        }

        // Twelve reports acknowledged within a second or two: the lamp saved only the first (it saves at most every 5 minutes).
        for (var i = 1; i <= 12; i++) await Send(crashed.Id, i);
        _silo.Kill();
        await _silo.DisposeAsync();
        _silo = await SiloProcess.StartAsync(_folder, arguments);

        for (var i = 1; i <= 20; i++) await Send(crashed.Id, i); // the whole buffer again, then new reports
        for (var i = 1; i <= 20; i++) await Send(twin.Id, i);

        using var http = await CommandCentreClient.HttpAsync(_silo.BaseAddress, "admin");
        var a = await http.GetFromJsonAsync<JsonElement>($"/api/lamps/{crashed.Id}");
        var b = await http.GetFromJsonAsync<JsonElement>($"/api/lamps/{twin.Id}");
        double Used(JsonElement l) => l.GetProperty("energyUsedWh").GetDouble();
        double Baseline(JsonElement l) => l.GetProperty("baselineWh").GetDouble();
        output.WriteLine($"crashed {Used(a):0.###} / {Baseline(a):0.###} Wh, twin {Used(b):0.###} / {Baseline(b):0.###} Wh");
        Assert.Equal(19.0, Used(b), 6); // 19 one-minute intervals at 60 W
        Assert.Equal(Used(b), Used(a), 6);
        Assert.Equal(Baseline(b), Baseline(a), 6);
    }

    public void Dispose()
    {
        _silo?.DisposeAsync().AsTask().Wait();
        Directory.Delete(_folder, recursive: true);
    }
}
