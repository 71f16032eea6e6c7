using GridDispatch.Silo.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SqliteDatabaseExtensions
{
    /// <summary>Registers the one SQLite file of this silo; idempotent, so every SQLite provider can call it.</summary>
    public static IServiceCollection AddSqliteDatabase(this IServiceCollection services)
    {
        services.AddOptions<SqliteDatabaseOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(static sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<SqliteDatabaseOptions>>().Value,
            sp.GetRequiredService<ILogger<SqliteDatabase>>()));
        return services;
    }
}
