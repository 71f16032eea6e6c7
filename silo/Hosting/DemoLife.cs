using GridDispatch.Gateway.Mqtt;
using GridDispatch.Grains.Demo;
using GridDispatch.Simulators;
using GridDispatch.Simulators.Lamps;
using Microsoft.Extensions.Options;

namespace GridDispatch.Silo.Hosting;

/// <summary>
/// The first-run demo's life: 益门镇's 800 lamps, 11 lamp teams and grid leaders, simulated in this
/// process but speaking only MQTT and gRPC to this process's own ports, exactly like hardware would.
/// </summary>
public sealed partial class DemoLife(IOptions<DemoOptions> demo, IOptions<MqttOptions> mqtt, IConfiguration configuration, DemoSeeder seeder, ILogger<DemoLife> logger)
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
        };
        var yimen = DemoTownships.All().First(t => t.Id == "yimen");
        LogStarting(yimen.Lamps.Count, yimen.Responders.Count);
        await using var life = new TownshipLife(yimen, options);
        try { await life.RunAsync(stoppingToken); }
        catch (OperationCanceledException) { }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo life: {Lamps} simulated lamps and {Responders} responders of yimen over MQTT and gRPC (Demo:Life=false turns it off)")]
    private partial void LogStarting(int lamps, int responders);
}
