using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GridDispatch.Gateway.Http;
using GridDispatch.Gateway.Notifications;
using GridDispatch.Gateway.Open311;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridDispatch.Gateway.Http;

/// <summary>The HTTP API of docs/INTERFACES.md: one extension to register it, one to map it.</summary>
public static class ApiComposition
{
    /// <summary>The HTTP API and what it needs; the gateway and the dashboard both serve it, so it registers once.</summary>
    public static IServiceCollection AddGridDispatchApi(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(GridDispatch.Gateway.Whistles.WhistleIntake))) return services;
        services.AddOptions<GridDispatch.Gateway.Whistles.WhistleLimits>().BindConfiguration(GridDispatch.Gateway.Whistles.WhistleLimits.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GridDispatch.Gateway.Whistles.WhistleIntake>();
        services.AddGridDispatchOpen311();
        services.AddProblemDetails();
        services.AddExceptionHandler<ServiceUnavailable>();
        services.AddOpenApi();
        services.AddGridDispatchIdentity();
        // In grains unless the host put it in the history store first (the silo does when it has one).
        services.TryAddSingleton<GridDispatch.Grains.Audit.IAuditTrail, GridDispatch.Gateway.Audit.GrainAuditTrail>();
        services.AddSingleton<GridDispatch.Gateway.Audit.AuditRecorder>();
        services.TryAddSingleton<GridDispatch.Gateway.Audit.FailedLoginAudit>();
        services.AddHostedService(sp => sp.GetRequiredService<GridDispatch.Gateway.Audit.FailedLoginAudit>());
        services.AddHostedService<GridDispatch.Identity.AdminBootstrap>();
        // Enums as names ("Dispatched", "LEAKAGE"), as the contracts and handhelds read them.
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.TypeInfoResolver = (json.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(ReporterContacts.HidePhone);
        });
        return services;
    }

    public static WebApplication MapGridDispatchApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapLogin().MapAccounts().MapResponders().MapTownships().MapCounty().MapTopology().MapLamps().MapIncidents().MapIncidentCommands().MapWhistles();
        app.MapAlarms().MapLampDrawer().MapAudit().MapReports();
        app.MapLighting();
        app.MapPlayback();
        app.MapNotifications();
        app.MapOpen311().MapOpen311Keys();
        return app;
    }
}
