using System.Collections.Concurrent;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Reliability;

/// <summary>
/// Issue 8, nothing lost: the external broker (mosquitto, persistent as packaged) restarts in the middle of a
/// storm of lamp faults. Lamps reconnect and send again what was not acknowledged; the gateway reconnects to
/// its persistent session and takes what mosquitto kept for it. Every fault mosquitto acknowledged reaches its lamp.
/// </summary>
public sealed class BrokerRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Lamps = [.. DemoTownships.All().First(t => t.Id == "yimen").Lamps.Skip(200).Take(40).Select(l => l.Id)];
    private readonly string _folder = RepositoryPaths.NewTempFolder("broker-restart");
    private volatile MosquittoServer _mosquitto = null!;
    private SiloWithClient _host = null!;

    public async Task InitializeAsync()
    {
        var users = Lamps.ToDictionary(l => l, _ => "lamp-secret");
        users["griddispatch-gateway"] = "gateway-secret";
        _mosquitto = await MosquittoServer.StartAsync(users, "user griddispatch-gateway\ntopic readwrite gd/#\n\npattern write gd/+/lamp/%u/telemetry\n", persistent: true);
        _host = await SiloWithClient.StartAsync(_folder, "--demo", "--db", Path.Combine(_folder, "broker.db"), "--Mqtt:Embedded=false",
            $"--Mqtt:External:Port={_mosquitto.Port}", "--Mqtt:External:Username=griddispatch-gateway", "--Mqtt:External:Password=gateway-secret");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _mosquitto.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_broker_restart_mid_storm_loses_no_acknowledged_fault()
    {
        // The gateway is subscribed once a first report gets through.
        await Eventually.Holds(async () => { await PublishFaultAsync(Lamps[0], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 55); return await Lamp(Lamps[0]).GetSnapshot(); },
            s => s!.OpenAlarms.Count > 0, TimeSpan.FromSeconds(20), "the gateway subscribed");

        var acked = new ConcurrentDictionary<string, int>();
        var ackedAt = new ConcurrentDictionary<string, DateTime>();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var storm = Lamps.Skip(1).Select(async (lamp, i) =>
        {
            await Task.Delay(i * 60);
            var deadline = DateTime.UtcNow.AddSeconds(90); // a lamp gives up some day; so does the test, with a reason
            for (var attempt = 1; DateTime.UtcNow < deadline; attempt++)
            {
                if (await PublishFaultAsync(lamp, start + i, 55))
                {
                    acked[lamp] = attempt;
                    ackedAt[lamp] = DateTime.UtcNow;
                    return;
                }

                await Task.Delay(300);
            }

            Assert.Fail($"{lamp}'s fault was not acknowledged within 90 s of its first send\n{_mosquitto.Output}");
        }).ToList();

        await Task.Delay(900);
        var before = acked.Count;
        var restartAt = DateTime.UtcNow;
        _mosquitto = await _mosquitto.RestartAsync();
        output.WriteLine($"mosquitto restarted with {before} of {Lamps.Length - 1} faults acknowledged");
        await Task.WhenAll(storm);

        output.WriteLine($"{acked.Values.Count(a => a > 1)} lamps had to send again");
        Assert.InRange(before, 1, Lamps.Length - 2);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var missing = new List<string>();
        foreach (var lamp in acked.Keys)
            if ((await Lamp(lamp).GetSnapshot())!.OpenAlarms.All(a => a.Code != FaultCode.LEAKAGE)) missing.Add(lamp);
        Assert.True(missing.Count == 0, $"no alarm for {string.Join(", ", missing.Select(l => $"{l} (acknowledged {(ackedAt[l] - restartAt).TotalMilliseconds:F0} ms after the restart began)"))}\n{_mosquitto.Output}");
    }

    private IStreetlightGrain Lamp(string id) => _host.Grains.GetGrain<IStreetlightGrain>(id);

    private Task<bool> PublishFaultAsync(string lamp, long ts, int leakage) =>
        LampPublisher.ReportOnceAsync(_mosquitto.Port, "yimen", lamp, "lamp-secret", $$"""{"ts":{{ts}},"on":true,"voltage":221,"current":0.4,"leakageMa":{{leakage}}}""");
}
