using System.Net;
using GridDispatch.Gateway.History;
using GridDispatch.Gateway.Http;
using GridDispatch.Grains.Demo;
using GridDispatch.Silo.Health;
using GridDispatch.Silo.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;
using StackExchange.Redis;

namespace GridDispatch.Silo.Hosting;

/// <summary>Composes the silo process: Orleans on the configured profile, health, metrics.</summary>
public static class SiloHostBuilderExtensions
{
    public static WebApplicationBuilder AddGridDispatchSilo(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddGridDispatchDemoOptions(); // every role: seeding, demo logins, demo life
        services.TryAddSingleton(TimeProvider.System);

        // Options are needed now, before the container exists, to choose providers and roles.
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var redis = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        var management = builder.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new ManagementOptions();
        var roles = silo.Roles;

        var health = services.AddHealthChecks();
        if (roles.HasFlag(HostRoles.Silo))
        {
            services.AddGridDispatchDomain();
            builder.UseOrleans(orleans =>
            {
                if (silo.Profile == SiloProfile.Cluster) orleans.UseRedisProviders(silo, redis);
                else orleans.UseEmbeddedProviders(silo);
                if (management.OrleansDashboard) orleans.AddDashboard();
                // Orleans' own knobs an operator may need: how fast a dead silo is declared dead, the shortest reminder.
                orleans.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration("Membership");
                orleans.Services.AddOptions<ReminderOptions>().BindConfiguration("Reminders");
            });
            health.AddCheck<SiloActiveHealthCheck>("silo", tags: ["live", "ready"]);
            if (silo.Profile == SiloProfile.Cluster) health.AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
            else health.AddCheck<SqliteHealthCheck>("sqlite", tags: ["ready"]);
        }
        else
        {
            // A gateway or dashboard on its own: an Orleans client of the silos, which it finds as they do.
            builder.UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(cluster => (cluster.ServiceId, cluster.ClusterId) = (silo.ServiceId, silo.ClusterId));
                if (silo.Profile == SiloProfile.Cluster)
                    client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis.Configuration));
                else
                    client.UseStaticClustering(new IPEndPoint(IPAddress.Parse(silo.AdvertisedAddress), silo.GatewayPort));
                client.UseConnectionRetryFilter<ClusterConnectionRetry>();
            });
            health.AddCheck<ClusterReachableHealthCheck>("cluster", tags: ["ready"]);
        }

        services.AddSingleton<RedisHealthCheck>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("GridDispatch.*", "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            // Orleans' sum of every activation's pending requests walks all activations under the catalog's lock on each
            // read: at 100,000 lamps, some 70 ms of a core that no new activation may use meanwhile. Not worth a scrape.
            .AddView("orleans-messaging-processing-activation-data", MetricStreamConfiguration.Drop)
            .AddPrometheusExporter());

        // After UseOrleans, so these run once the silo has started.
        if (roles.HasFlag(HostRoles.Silo))
        {
            services.AddHostedService<InstallationRecorder>();
            services.AddSingleton<DemoSeeder>();
            services.AddHostedService(sp => sp.GetRequiredService<DemoSeeder>());
            health.AddCheck<DemoSeededHealthCheck>("demo", tags: ["ready"]);
        }

        AddHistory(builder, silo);
        if (roles.HasFlag(HostRoles.Gateway)) services.AddGridDispatchGateway(builder.Configuration);
        if (roles.HasFlag(HostRoles.Dashboard)) services.AddGridDispatchDashboard().AddGridDispatchApi(); // the page signs in and acts through the API
        // The demo's simulated township talks to this process's own broker and gRPC port.
        if (roles.HasFlag(HostRoles.Silo | HostRoles.Gateway))
        {
            services.AddSingleton<GridDispatch.Simulators.Lamps.LampPauses>();
            services.AddHostedService<DemoLife>();
        }
        return builder;
    }

    /// <summary>
    /// The history store beside the grain providers: SQLite (its own file beside the grain database) in the embedded
    /// profile, PostgreSQL when <c>History:Postgres</c> is set, none for a cluster without it. Who writes: with
    /// PostgreSQL the silos, which every dashboard then reads; with SQLite the process that serves the charts from it.
    /// </summary>
    private static void AddHistory(WebApplicationBuilder builder, SiloOptions silo)
    {
        var options = builder.Configuration.GetSection(HistoryOptions.Section).Get<HistoryOptions>() ?? new HistoryOptions();
        var kind = options.Resolve(clusterProfile: silo.Profile == SiloProfile.Cluster);
        var servesCharts = (silo.Roles & (HostRoles.Gateway | HostRoles.Dashboard)) != 0;
        var writes = kind == HistoryStoreKind.Postgres ? silo.Roles.HasFlag(HostRoles.Silo) : servesCharts;
        if (!servesCharts && !writes) kind = HistoryStoreKind.None;
        var grainDatabase = builder.Configuration.GetSection(SqliteDatabaseOptions.Section).Get<SqliteDatabaseOptions>()?.DataSource ?? new SqliteDatabaseOptions().DataSource;
        var sqlitePath = string.IsNullOrWhiteSpace(options.DataSource) ? HistoryServices.BesideGrainDatabase(grainDatabase) : options.DataSource;
        builder.Services.AddGridDispatchHistory(kind, sqlitePath, writes);
        // The audit log goes in the history store's append-only table when there is one (queried across days by
        // township, actor and kind); the API keeps it in grains otherwise. Registered before the API, which only adds a fallback.
        if (kind != HistoryStoreKind.None)
            builder.Services.AddSingleton<GridDispatch.Grains.Audit.IAuditTrail>(sp => (GridDispatch.Grains.Audit.IAuditTrail)sp.GetRequiredService<IHistoryStore>());
    }

    private static void UseEmbeddedProviders(this ISiloBuilder orleans, SiloOptions silo)
    {
        orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
        orleans.AddDurableProviders(SiloProfile.Embedded, redisConfiguration: null);
    }

    private static void UseRedisProviders(this ISiloBuilder orleans, SiloOptions silo, RedisOptions redis)
    {
        orleans.Configure<ClusterOptions>(cluster =>
        {
            cluster.ServiceId = silo.ServiceId;
            cluster.ClusterId = silo.ClusterId;
        });
        orleans.ConfigureEndpoints(IPAddress.Parse(silo.AdvertisedAddress), silo.SiloPort, silo.GatewayPort);
        orleans.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis.Configuration));
        orleans.AddDurableProviders(SiloProfile.Cluster, redis.Configuration);
    }

    /// <summary>
    /// Grain state (default provider) and reminders for a profile: SQLite for embedded, Redis for a cluster.
    /// Tests call this too, so they exercise exactly what production runs.
    /// </summary>
    public static ISiloBuilder AddDurableProviders(this ISiloBuilder orleans, SiloProfile profile, string? redisConfiguration)
    {
        // Persist with Orleans' own serializer: version-tolerant by [Id], stable across renames by [Alias],
        // and able to read back any collection type our records hold. (The default writes CLR type names.)
        orleans.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        if (profile == SiloProfile.Embedded)
        {
            orleans.Services.AddOptions<SqliteDatabaseOptions>().BindConfiguration(SqliteDatabaseOptions.Section);
            orleans.AddSqliteGrainStorageAsDefault();
            orleans.UseSqliteReminderService();
            return orleans;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(redisConfiguration);
        orleans.AddRedisGrainStorageAsDefault(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redisConfiguration));
        orleans.UseRedisReminderService(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redisConfiguration));
        return orleans;
    }
}
