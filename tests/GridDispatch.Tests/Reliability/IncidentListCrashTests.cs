using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// The township's incident list after a kill -9: the real silo is killed mid-storm of whistles over MQTT
/// (QoS 1, MQTT 5), started again on the same SQLite file with the default review period (a minute), and
/// every whistle the broker acknowledged before the kill must be listed within 10 s of <c>/readyz</c>.
/// </summary>
public sealed class IncidentListCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("list-crash");
    private SiloProcess? _silo;

    [Fact]
    public async Task Every_whistle_acknowledged_before_a_kill_9_is_listed_within_10_s_of_ready()
    {
        var db = Path.Combine(_folder, "crash.db");
        // A storm from one account, past the per-reporter whistle allowance: this test is about the list, not the limit.
        string[] arguments = ["--demo", "--db", db, "--Whistles:Burst=100000", "--Whistles:PerMinute=100000"];
        _silo = await SiloProcess.StartAsync(_folder, arguments);
        var yimen = DemoTownships.All().First(t => t.Id == "yimen");
        var cells = yimen.Villages.SelectMany(v => v.Groups).Select(g => g.Id).ToArray();
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();

        // Eight grid-leader handhelds (here the county's account) whistling as fast as they are acknowledged.
        var senders = Enumerable.Range(0, 8).Select(s => Task.Run(async () =>
        {
            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _silo.MqttPort).WithClientId($"storm-{s}")
                .WithCredentials("admin", "demo").WithProtocolVersion(MqttProtocolVersion.V500).WithCleanSession().Build());
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var whistle = $"kill-{s}-{i}";
                var json = $$"""{"whistleId":"{{whistle}}","by":"admin","category":"road","severity":"minor","text":"崩溃后列表","ts":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}""";
                try
                {
                    var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"gd/yimen/grid/{cells[i % cells.Length]}/whistle")
                        .WithPayload(json).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                    if (result.IsSuccess) acknowledged.Add(whistle);
                }
                catch (Exception)
                {
                    return; // the silo is gone
                }
            }
        })).ToList();

        await Eventually.TrueAsync(() => acknowledged.Count >= 200, TimeSpan.FromSeconds(60), "200 whistles acknowledged");
        _silo.Kill();
        var acked = acknowledged.ToHashSet();
        await stop.CancelAsync();
        await Task.WhenAll(senders);
        await _silo.DisposeAsync();
        output.WriteLine($"killed with {acked.Count} whistles acknowledged");

        _silo = await SiloProcess.StartAsync(_folder, arguments); // returns once /readyz says ready
        var ready = Stopwatch.StartNew();
        using var http = await CommandCentreClient.HttpAsync(_silo.BaseAddress, "admin");
        var ids = acked.Select(w => IncidentIds.For("yimen", IncidentSource.Whistle, w)).ToHashSet();
        var missing = ids.Count;
        while (ready.Elapsed < TimeSpan.FromSeconds(10))
        {
            var list = await http.GetFromJsonAsync<JsonElement[]>("/api/incidents?township=yimen&limit=1000");
            missing = ids.Count(id => !list!.Any(i => i.GetProperty("id").GetString() == id));
            if (missing == 0) break;
            await Task.Delay(200);
        }

        output.WriteLine($"{ids.Count - missing} of {ids.Count} acknowledged whistles listed {ready.Elapsed.TotalSeconds:0.0} s after ready");
        Assert.True(missing == 0, $"{missing} of {ids.Count} acknowledged whistles not listed 10 s after ready");
    }

    public void Dispose()
    {
        _silo?.DisposeAsync().AsTask().Wait();
        Directory.Delete(_folder, recursive: true);
    }
}
