using GridDispatch.Gateway.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class NotificationServices
{
    public const string HttpClientName = "notifications";

    /// <summary>
    /// Notifications outside the app, when <c>Notifications:Channels</c> names any: the outbox, its sender, and the
    /// domain-event handler that fills it. Without channels nothing is added (the operator API then says so).
    /// </summary>
    public static IServiceCollection AddGridDispatchNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        if (options.Channels.Count == 0) return services;
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Redirects are not followed: a robot URL that answers with one is misconfigured, and its key must not travel on.
        services.AddHttpClient(HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<NotificationChannels>();
        services.AddSingleton(sp => new NotificationOutbox(OutboxPath(sp.GetRequiredService<IOptions<NotificationOptions>>().Value, configuration)));
        services.AddSingleton<NotificationSender>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<NotificationSender>());
        services.AddDomainEventHandler<NotificationWriter>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<NotificationWriter>());
        return services;
    }

    /// <summary>The configured outbox, else beside the grain database: <c>data/griddispatch.db</c> → <c>data/griddispatch.notifications.db</c>.</summary>
    public static string OutboxPath(NotificationOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.Outbox)) return options.Outbox;
        var grainDatabase = configuration["Sqlite:DataSource"] is { Length: > 0 } configured ? configured : "data/griddispatch.db";
        return Path.Combine(Path.GetDirectoryName(grainDatabase) ?? "", Path.GetFileNameWithoutExtension(grainDatabase) + ".notifications.db");
    }
}
