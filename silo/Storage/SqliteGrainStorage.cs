using System.Globalization;
using GridDispatch.Silo.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Storage;

namespace GridDispatch.Silo.Storage;

/// <summary>
/// Orleans grain storage in one SQLite table. Optimistic concurrency by an integer version used as
/// the ETag: a write or clear names the version it read, and loses if somebody wrote in between.
/// Cleared state stays as a tombstone (no payload, new version), so a stale writer holding the
/// pre-clear ETag is still refused.
/// </summary>
public sealed class SqliteGrainStorage(
    string name,
    SqliteGrainStorageOptions options,
    SqliteDatabase database,
    ClusterOptions cluster,
    ILogger<SqliteGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            service_id   TEXT    NOT NULL,
            provider     TEXT    NOT NULL,
            state_name   TEXT    NOT NULL,
            grain_id     TEXT    NOT NULL,
            version      INTEGER NOT NULL,
            payload      BLOB,
            modified_utc INTEGER NOT NULL,
            PRIMARY KEY (service_id, provider, state_name, grain_id)
        ) WITHOUT ROWID;
        """;

    private const string Key = "service_id = $service AND provider = $provider AND state_name = $state AND grain_id = $grain";

    private const string SelectSql = $"SELECT version, payload FROM grain_state WHERE {Key}";

    private const string InsertSql = """
        INSERT INTO grain_state (service_id, provider, state_name, grain_id, version, payload, modified_utc)
        VALUES ($service, $provider, $state, $grain, 1, $payload, $now)
        ON CONFLICT DO NOTHING
        """;

    private const string UpdateSql = $"UPDATE grain_state SET version = version + 1, payload = $payload, modified_utc = $now WHERE {Key} AND version = $version";

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(name), options.InitStage, Init);

    private async Task Init(CancellationToken cancellationToken)
    {
        await database.WriteAsync(context => context.Command(Schema).ExecuteNonQuery());
        logger.LogInformation("SQLite grain storage {Provider} ready in {Path}", name, database.FilePath);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenReadConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = SelectSql;
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        if (reader.IsDBNull(1))
        {
            // A tombstone: cleared, but its version still guards against stale writers.
            grainState.RecordExists = false;
            return;
        }

        var payload = (byte[])reader.GetValue(1);
        grainState.State = options.GrainStorageSerializer.Deserialize<T>(new BinaryData(payload));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialize on the grain's thread; the writer thread only runs SQL.
        var payload = options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        var expected = ParseETag(grainState.ETag);
        var version = await database.WriteAsync(context => Write(context, stateName, grainId, expected, payload));
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Clearing leaves a tombstone at a new version; with no ETag it only succeeds if nobody wrote.
        var expected = ParseETag(grainState.ETag);
        var version = await database.WriteAsync(context => Write(context, stateName, grainId, expected, null));
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        // As Orleans' own providers do: the grain sees its state as new after a clear, not as it was.
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>Inserts (when no version is expected) or updates at the expected version; returns the new version.</summary>
    private long Write(SqliteWriteContext context, string stateName, GrainId grainId, long? expected, byte[]? payload)
    {
        var command = context.Command(expected is null ? InsertSql : UpdateSql);
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$payload", (object?)payload ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
        if (expected is not null) command.Parameters.AddWithValue("$version", expected.Value);

        if (command.ExecuteNonQuery() == 1) return expected is null ? 1 : expected.Value + 1;

        var current = CurrentVersion(context, stateName, grainId);
        throw new InconsistentStateException(
            $"Version conflict writing {stateName} of {grainId} in SQLite storage '{name}': expected {Describe(expected)}, stored {Describe(current)}.",
            Describe(current), Describe(expected));
    }

    private long? CurrentVersion(SqliteWriteContext context, string stateName, GrainId grainId)
    {
        var command = context.Command(SelectSql);
        AddKey(command, stateName, grainId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(0) : null;
    }

    private void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$service", cluster.ServiceId);
        command.Parameters.AddWithValue("$provider", name);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
    }

    private static long? ParseETag(string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : throw new InconsistentStateException($"ETag '{etag}' was not issued by SQLite grain storage.", null, etag);

    private static string Describe(long? version) => version?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
