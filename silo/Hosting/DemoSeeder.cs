using GridDispatch.Gateway;
using GridDispatch.Grains.Topology;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Options;

namespace GridDispatch.Silo.Hosting;

/// <summary>Imports the demo townships once, when the demo is on and they are missing.</summary>
public sealed class DemoSeeder(IGrainFactory grains, IOptions<DemoOptions> demo, ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Enabled) return;
        // Demo only, and as public as the demo passwords: how a handheld signs in.
        Console.WriteLine("GridDispatch demo: handheld bearer tokens are demo-{id}, e.g. demo-admin, demo-<responder id>, demo-<grid leader id>;");
        Console.WriteLine("                   lamps connect to MQTT as their id with password demo; the command centre logs in as admin/demo.");
        foreach (var township in DemoTownships.All())
        {
            if (await grains.GetGrain<ITownshipGrain>(township.Id).GetInfo() is not null) continue;
            var report = await new TopologyImporter(grains).ImportAsync(township, cancellationToken);
            logger.LogInformation("Demo township {Township} imported: {Cells} cells, {Lamps} lamps, {Responders} responders",
                report.Township, report.Cells, report.Lamps, report.Responders);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
