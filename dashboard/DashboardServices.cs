using System.Text.Json.Serialization;
using GridDispatch.Dashboard.Hubs;
using GridDispatch.Dashboard.Map;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;

namespace Microsoft.Extensions.DependencyInjection;

public static class DashboardServices
{
    /// <summary>
    /// The command-centre hub, its live feed, and the web UI's files. The page signs in and acts through the HTTP
    /// API, which the host adds beside it (<c>AddGridDispatchApi</c>).
    /// </summary>
    public static IServiceCollection AddGridDispatchDashboard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddGridDispatchIdentity();
        services.AddSingleton<ScreenSnapshots>();
        services.AddSingleton<WatchThrottle>();
        services.AddSingleton<CommandCentreFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<CommandCentreFeed>()); // its flush loop
        services.AddDomainEventHandler<CommandCentreFeed>();
        services.AddHostedService<ClusterChanges>();
        services.AddGridDispatchBasemap();
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 32 * 1024)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }

    /// <summary>Maps the hub and serves <c>wwwroot</c> (built from <c>dashboard/web</c>): nothing from a CDN.</summary>
    public static WebApplication MapGridDispatchDashboard(this WebApplication app)
    {
        var web = new PhysicalFileProvider(WebRoot());
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = web });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = web });
        app.MapHub<CommandCentreHub>(CommandCentreHub.Path);
        app.MapBasemap();
        return app;
    }

    /// <summary>
    /// In a source checkout, dashboard/wwwroot as npm last built it; in a published folder, the copy beside the
    /// assembly.
    /// </summary>
    private static string WebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var built = Path.Combine(dir.FullName, "dashboard", "wwwroot");
            if (File.Exists(Path.Combine(built, "index.html"))) return built;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        Directory.CreateDirectory(beside);
        return beside;
    }
}
