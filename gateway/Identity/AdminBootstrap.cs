using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Demo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Identity;

/// <summary>
/// A fresh installation has no one to sign in as: the first <c>admin</c> (county-wide) is created from
/// <see cref="AccountOptions.AdminPassword"/>. Without it, the log says how to set one; nothing is invented.
/// </summary>
public sealed partial class AdminBootstrap(IGrainFactory grains, IOptions<AccountOptions> options, IOptions<DemoOptions> demo, ILogger<AdminBootstrap> logger)
    : IHostedService
{
    public const string AdminName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = grains.GetGrain<IAccountGrain>(AdminName);
        if (await admin.Get() is not null)
        {
            await grains.GetGrain<IAccountDirectoryGrain>(0).Add([AdminName]); // created before the account directory existed
            return;
        }

        var profile = new AccountProfile { Name = AdminName, DisplayName = "县指挥中心", Role = AccountRole.County };
        if (options.Value.AdminPassword is { } password)
        {
            if (await admin.Set(profile, password) is { } problem) LogBadPassword(problem);
            else LogCreated();
        }
        else if (demo.Value.Enabled)
        {
            await admin.Set(profile with { Demo = true }, SignIn.DemoPassword);
        }
        else
        {
            LogNoAdmin();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the county account 'admin' from Accounts:AdminPassword")]
    private partial void LogCreated();

    [LoggerMessage(Level = LogLevel.Error, Message = "Accounts:AdminPassword refused: {Problem}")]
    private partial void LogBadPassword(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No 'admin' account yet: set Accounts__AdminPassword in the environment and restart to create it")]
    private partial void LogNoAdmin();
}
