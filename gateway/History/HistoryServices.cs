using GridDispatch.Gateway.History;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class HistoryServices
{
    /// <summary>
    /// The history store <paramref name="kind"/> (none: the charts answer 503), and with <paramref name="writes"/>
    /// its writers: the incident and lamp-hour writer (a domain-event handler), the figure sampler and the
    /// retention job. <paramref name="sqlitePath"/> is the SQLite file when <paramref name="kind"/> is SQLite.
    /// </summary>
    public static IServiceCollection AddGridDispatchHistory(this IServiceCollection services, HistoryStoreKind kind, string sqlitePath, bool writes)
    {
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        switch (kind)
        {
            case HistoryStoreKind.Sqlite:
                services.AddSingleton<IHistoryStore>(sp => new SqliteHistoryStore(sqlitePath, sp.GetRequiredService<TimeProvider>()));
                break;
            case HistoryStoreKind.Postgres:
                services.AddSingleton<IHistoryStore>(sp => new PostgresHistoryStore(
                    sp.GetRequiredService<IOptions<HistoryOptions>>().Value.Postgres!, sp.GetRequiredService<TimeProvider>()));
                break;
            default:
                return services;
        }

        services.AddGridDispatchReports(writes);
        if (!writes) return services;
        services.AddSingleton<HistoryWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryWriter>());
        services.AddDomainEventHandler<HistoryWriter>();
        services.AddHostedService<FigureSampler>();
        services.AddHostedService<HistoryRetentionJob>();
        return services;
    }

    /// <summary>The history's SQLite file beside the grain database: <c>data/griddispatch.db</c> → <c>data/griddispatch.history.db</c>.</summary>
    public static string BesideGrainDatabase(string grainDatabase) =>
        Path.Combine(Path.GetDirectoryName(grainDatabase) ?? "", Path.GetFileNameWithoutExtension(grainDatabase) + ".history.db");
}
