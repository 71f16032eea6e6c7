using GridDispatch.Silo.Sqlite;
using GridDispatch.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Orleans.Hosting;

public static class SqliteGrainStorageExtensions
{
    /// <summary>Adds SQLite grain storage as the default provider.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>
    /// Adds a named SQLite grain storage. The database file comes from <see cref="SqliteDatabaseOptions"/>
    /// (section <c>Sqlite</c>), shared with the SQLite reminder table.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions>? configure = null)
    {
        builder.Services.AddSqliteDatabase();
        var options = builder.Services.AddOptions<SqliteGrainStorageOptions>(name);
        if (configure is not null) options.Configure(configure);
        builder.Services.AddGrainStorage(name, static (services, name) =>
        {
            var options = services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name);
            options.GrainStorageSerializer ??= services.GetRequiredService<IGrainStorageSerializer>();
            return new SqliteGrainStorage(
                name,
                options,
                services.GetRequiredService<SqliteDatabase>(),
                services.GetRequiredService<IOptions<ClusterOptions>>().Value,
                services.GetRequiredService<ILogger<SqliteGrainStorage>>());
        });
        return builder;
    }
}
