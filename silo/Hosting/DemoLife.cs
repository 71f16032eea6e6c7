using GridDispatch.Gateway.Mqtt;
using GridDispatch.Grains.Demo;
using GridDispatch.Simulators;
using GridDispatch.Simulators.Lamps;
using Microsoft.Extensions.Options;

namespace GridDispatch.Silo.Hosting;

/// <summary>
/// The first-run demo's life: 益门镇's 800 lamps, 11 lamp teams and grid leaders, and 彰冠镇's 300 lamps and teams, simulated in this
/// process but speaking only MQTT and gRPC to this process's own ports, exactly like hardware would.
/// </summary>
public sealed partial class DemoLife(
    IOptions<DemoOptions> demo, IOptions<MqttOptions> mqtt, IConfiguration configuration, DemoSeeder seeder, LampPauses pauses, ILogger<DemoLife> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = demo.Value;
        if (!o.Enabled || !o.Life || !mqtt.Value.Embedded) return;
        // After the demo import, and the broker and the gRPC listener are up.
        try { await seeder.Seeded.WaitAsync(stoppingToken); }
        catch (OperationCanceledException) { return; }
        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        var options = new LifeOptions
        {
            MqttPort = mqtt.Value.Port, GrpcPort = configuration.GetValue("Grpc:Port", 5081),
            Lamps = new LampBehaviour { Interval = TimeSpan.FromSeconds(o.LampInterval), FaultRate = o.FaultRate },
            WhistleEvery = TimeSpan.FromSeconds(o.WhistleEvery),
            LampPauses = pauses, // a scenario takes lamps over through POST /api/demo/life/pause
        };
        // Every demo township lives, so that a first look is honest: a lamp that is imported but never
        // simulated would only ever be 离线, and 300 of them read as an outage that is not there.
        var lives = DemoTownships.All().Select(t => new TownshipLife(t, options)).ToList();
        foreach (var life in lives) LogStarting(life.Township.Id, life.Township.Lamps.Count, life.Township.Responders.Count);
        try { await Task.WhenAll(lives.Select(l => l.RunAsync(stoppingToken))); }
        catch (OperationCanceledException) { }
        finally { await Task.WhenAll(lives.Select(l => l.DisposeAsync().AsTask())); }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo life: {Lamps} simulated lamps and {Responders} responders of {Township} over MQTT and gRPC (Demo:Life=false turns it off)")]
    private partial void LogStarting(string township, int lamps, int responders);
}
