using System.Globalization;
using GridDispatch.Silo.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GridDispatch.Silo.Reminders;

/// <summary>
/// Orleans' reminder table in the silo's SQLite file. Rows carry the grain's uniform hash so each
/// silo reads only its share of the ring; the ETag is a per-row version that guards removal.
/// </summary>
public sealed class SqliteReminderTable(
    SqliteDatabase database,
    IOptions<ClusterOptions> cluster,
    ILogger<SqliteReminderTable> logger) : IReminderTable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reminders (
            service_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            version       INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
        """;

    private const string Columns = "grain_id, reminder_name, start_at, period, version";

    private const string UpsertSql = """
        INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, version)
        VALUES ($service, $grain, $name, $hash, $start, $period, 1)
        ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
            SET start_at = excluded.start_at, period = excluded.period, version = version + 1
        RETURNING version
        """;

    private const string RemoveSql = "DELETE FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND version = $version";

    private string ServiceId => cluster.Value.ServiceId;

    public Task StartAsync(CancellationToken cancellationToken = default) => CreateSchema();

    public Task Init() => CreateSchema();

    private async Task CreateSchema()
    {
        await database.WriteAsync(context => context.Command(Schema).ExecuteNonQuery());
        logger.LogInformation("SQLite reminder table ready in {Path}", database.FilePath);
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Query($"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain",
            command => command.Parameters.AddWithValue("$grain", grainId.ToString()));

    /// <summary>Rows whose hash lies in the ring range (begin, end]; begin ≥ end wraps past zero.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var range = begin < end ? "grain_hash > $begin AND grain_hash <= $end" : "(grain_hash > $begin OR grain_hash <= $end)";
        return Query($"SELECT {Columns} FROM reminders WHERE service_id = $service AND {range}", command =>
        {
            command.Parameters.AddWithValue("$begin", (long)begin);
            command.Parameters.AddWithValue("$end", (long)end);
        });
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await Query($"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name", command =>
        {
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var version = await database.WriteAsync(context =>
        {
            var command = context.Command(UpsertSql);
            AddKey(command, entry.GrainId, entry.ReminderName);
            command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
            command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
            command.Parameters.AddWithValue("$period", entry.Period.Ticks);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        });
        return version.ToString(CultureInfo.InvariantCulture);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return Task.FromResult(false);
        return database.WriteAsync(context =>
        {
            var command = context.Command(RemoveSql);
            AddKey(command, grainId, reminderName);
            command.Parameters.AddWithValue("$version", version);
            return command.ExecuteNonQuery() == 1;
        });
    }

    public Task TestOnlyClearTable() => database.WriteAsync(context =>
    {
        var command = context.Command("DELETE FROM reminders WHERE service_id = $service");
        command.Parameters.AddWithValue("$service", ServiceId);
        return command.ExecuteNonQuery();
    });

    private void AddKey(SqliteCommand command, GrainId grainId, string reminderName)
    {
        command.Parameters.AddWithValue("$service", ServiceId);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
    }

    private async Task<ReminderTableData> Query(string sql, Action<SqliteCommand> bind)
    {
        await using var connection = await database.OpenReadConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", ServiceId);
        bind(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }
}
