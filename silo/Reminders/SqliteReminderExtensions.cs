using GridDispatch.Silo.Reminders;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Hosting;

public static class SqliteReminderExtensions
{
    /// <summary>
    /// Keeps reminders in the silo's SQLite file (<see cref="GridDispatch.Silo.Sqlite.SqliteDatabaseOptions"/>),
    /// beside grain state, so a single-process install survives restarts with one file to back up.
    /// </summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder)
    {
        builder.AddReminders();
        builder.Services.AddSqliteDatabase();
        builder.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return builder;
    }
}
