using GridDispatch.Identity;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Demo;
using GridDispatch.Grains.Import;
using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Options;

namespace GridDispatch.Silo.Hosting;

/// <summary>
/// Imports the demo townships once, when the demo is on and they are missing: in the background, so the
/// silo starts (and stops) at once; /readyz and the demo's life wait for it.
/// </summary>
public sealed class DemoSeeder(IGrainFactory grains, IOptions<DemoOptions> demo, ILogger<DemoSeeder> logger) : BackgroundService
{
    private readonly TaskCompletionSource _seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The demo townships and logins are there (or there is no demo): a screen opened now finds its township.</summary>
    public bool Done => _seeded.Task.IsCompletedSuccessfully || !demo.Value.Enabled;

    public Task Seeded => demo.Value.Enabled ? _seeded.Task : Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SeedAsync(stoppingToken);
            _seeded.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _seeded.TrySetCanceled(stoppingToken); // stopped half-way: the next start imports what is missing
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!demo.Value.Enabled) return;
        // Demo only, and as public as the demo passwords: how a handheld signs in.
        Console.WriteLine("GridDispatch demo: every demo login has password demo: admin (county), yimen and zhangguan (township),");
        Console.WriteLine("                   grid leaders and responders by their ids (e.g. yimen-T01); lamps connect to MQTT as their id;");
        Console.WriteLine("                   handheld bearer tokens are demo-{login}, e.g. demo-admin, demo-yimen-T01.");
        foreach (var township in DemoTownships.All())
        {
            // Also a demo imported before townships kept their location (for dusk and dawn): re-importing is safe.
            if (await grains.GetGrain<ITownshipGrain>(township.Id).GetInfo() is not { Lat: not null })
            {
                var report = await new TopologyImporter(grains).ImportAsync(township, cancellationToken);
                logger.LogInformation("Demo township {Township} imported: {Cells} cells, {Lamps} lamps, {Responders} responders",
                    report.Township, report.Cells, report.Lamps, report.Responders);
            }

            if (await grains.GetGrain<IAccountGrain>(township.Id).Get() is null)
            {
                var accounts = DemoAccounts.For(township);
                await Parallel.ForEachAsync(accounts, cancellationToken, async (a, _) => await grains.GetGrain<IAccountGrain>(a.Name).Set(a, SignIn.DemoPassword));
                logger.LogInformation("Demo township {Township}: {Accounts} demo logins", township.Id, accounts.Count);
            }

            // Living lamps run the demo's schedule, unless someone set one (a restart keeps theirs).
            var lighting = grains.GetGrain<ILightingGrain>(township.Id);
            if (demo.Value.Life && (await lighting.GetBook()).Schedules.Count == 0)
            {
                var applied = await lighting.SetSchedule(ScheduleScope.Township, DemoLighting.Schedule, "demo");
                logger.LogInformation("Demo township {Township}: default lighting schedule sent to {Lamps} lamps", township.Id, applied.Sent);
            }

            // A demo database seeded before the account directory existed: its logins are listed now.
            await grains.GetGrain<IAccountDirectoryGrain>(0).Add([.. DemoAccounts.For(township).Select(a => a.Name)]);
        }
    }
}
