using GridDispatch.Grains.Operations;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace GridDispatch.Silo.Hosting;

/// <summary>
/// What an operator probes: liveness, readiness, metrics, the installation record, the Orleans Dashboard when asked for.
/// Only /healthz and /readyz are on the public listener too, and there they name no file, host or error.
/// </summary>
public static class OperationsEndpoints
{
    public const string OrleansDashboardPath = "/orleans";

    public static WebApplication MapGridDispatchOperations(this WebApplication app, bool orleansDashboard = false)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        // Which dependency is not ready: the first line is the verdict, one line per check follows; why, only on the management listener.
        var listeners = app.Services.GetRequiredService<Listeners>();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = (context, report) => WriteReadiness(context, report, detailed: listeners.IsManagement(context)),
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/api/installation", GetInstallation);
        if (orleansDashboard) app.MapOrleansDashboard(OrleansDashboardPath); // it reads the silo it runs in
        return app;
    }

    private static Task WriteReadiness(HttpContext context, HealthReport report, bool detailed)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(string.Join('\n', report.Entries.Select(e => detailed ? $"{e.Key}: {e.Value.Status} ({e.Value.Description})" : $"{e.Key}: {e.Value.Status}")
            .Prepend(report.Status.ToString())) + "\n");
    }

    public static async Task<Ok<InstallationInfo>> GetInstallation(IGrainFactory grains, IOptions<ClusterOptions> cluster) =>
        TypedResults.Ok(await grains.GetGrain<IInstallationGrain>(cluster.Value.ServiceId).Get());
}
