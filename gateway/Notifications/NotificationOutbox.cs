using Microsoft.Data.Sqlite;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// The messages to send, in a SQLite file, keyed by (event, recipient, channel): adding one already there (a
/// redelivered event) does nothing, and a sent one stays for <see cref="NotificationOptions.KeepFor"/> to be
/// recognised. A message is in the file (WAL, committed) before the event's handler returns, so it survives a
/// crash of the process; its "sent" mark is written after the receiver accepted, so a crash between the two
/// sends it once more on restart.
/// </summary>
public sealed class NotificationOutbox
{
    private readonly string _connectionString;

    public NotificationOutbox(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS notification (
                key TEXT PRIMARY KEY, event_id TEXT NOT NULL, channel TEXT NOT NULL, recipient TEXT NOT NULL, recipient_name TEXT,
                recipient_to TEXT, title TEXT NOT NULL, body TEXT NOT NULL, link TEXT,
                state INTEGER NOT NULL, attempts INTEGER NOT NULL, created_at INTEGER NOT NULL, next_at INTEGER NOT NULL,
                last_error TEXT, done_at INTEGER);
            CREATE INDEX IF NOT EXISTS notification_due ON notification (state, next_at);
            """);
    }

    /// <summary>Adds a message to send now; false when one with its key is already there (sent, failed or waiting).</summary>
    public async Task<bool> AddAsync(Notification message, DateTimeOffset now)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO notification (key, event_id, channel, recipient, recipient_name, recipient_to, title, body, link, state, attempts, created_at, next_at)
            VALUES ($key, $event, $channel, $recipient, $name, $to, $title, $body, $link, 0, 0, $now, $now)
            """;
        command.Parameters.AddWithValue("$key", message.Key);
        command.Parameters.AddWithValue("$event", message.EventId);
        command.Parameters.AddWithValue("$channel", message.Channel);
        command.Parameters.AddWithValue("$recipient", message.RecipientId);
        command.Parameters.AddWithValue("$name", (object?)message.RecipientName ?? DBNull.Value);
        command.Parameters.AddWithValue("$to", (object?)message.To ?? DBNull.Value);
        command.Parameters.AddWithValue("$title", message.Title);
        command.Parameters.AddWithValue("$body", string.Join('\n', message.Lines));
        command.Parameters.AddWithValue("$link", (object?)message.Link ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>Waiting messages whose time has come, oldest first.</summary>
    public Task<IReadOnlyList<OutboxEntry>> DueAsync(DateTimeOffset now, int limit) =>
        QueryAsync("state = 0 AND next_at <= $now ORDER BY next_at LIMIT $limit", ("$now", now.ToUnixTimeMilliseconds()), ("$limit", limit));

    /// <summary>Given-up messages, newest first: what operators look at.</summary>
    public Task<IReadOnlyList<OutboxEntry>> FailedAsync(int limit) =>
        QueryAsync("state = 2 ORDER BY done_at DESC LIMIT $limit", ("$limit", limit));

    /// <summary>Every message of one event, for tests and diagnosis.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ForEventAsync(string eventId) =>
        QueryAsync("event_id = $event ORDER BY key", ("$event", eventId));

    public async Task<(long Pending, long Failed)> CountAsync()
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM notification WHERE state = 0), (SELECT count(*) FROM notification WHERE state = 2)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public Task MarkSentAsync(string key, int attempts, DateTimeOffset now) =>
        UpdateAsync("state = 1, attempts = $attempts, done_at = $now, last_error = NULL", key, ("$attempts", attempts), ("$now", now.ToUnixTimeMilliseconds()));

    public Task RetryAsync(string key, int attempts, DateTimeOffset at, string error) =>
        UpdateAsync("attempts = $attempts, next_at = $at, last_error = $error", key, ("$attempts", attempts), ("$at", at.ToUnixTimeMilliseconds()), ("$error", error));

    public Task MarkFailedAsync(string key, int attempts, DateTimeOffset now, string error) =>
        UpdateAsync("state = 2, attempts = $attempts, done_at = $now, last_error = $error", key, ("$attempts", attempts), ("$now", now.ToUnixTimeMilliseconds()), ("$error", error));

    /// <summary>Forgets sent and failed messages older than <paramref name="before"/>.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM notification WHERE state <> 0 AND done_at < $before";
        command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync();
    }

    private async Task UpdateAsync(string set, string key, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE notification SET {set} WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<IReadOnlyList<OutboxEntry>> QueryAsync(string where, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT event_id, channel, recipient, recipient_name, recipient_to, title, body, link, state, attempts, created_at, next_at, last_error, done_at
            FROM notification WHERE {where}
            """;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var entries = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var message = new Notification
            {
                EventId = reader.GetString(0), Channel = reader.GetString(1), RecipientId = reader.GetString(2),
                RecipientName = reader.IsDBNull(3) ? null : reader.GetString(3), To = reader.IsDBNull(4) ? null : reader.GetString(4),
                Title = reader.GetString(5), Lines = reader.GetString(6).Split('\n'), Link = reader.IsDBNull(7) ? null : reader.GetString(7),
            };
            entries.Add(new OutboxEntry(message, (OutboxState)reader.GetInt32(8), reader.GetInt32(9),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13))));
        }

        return entries;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
