using System.Data.Common;
using static GridDispatch.Gateway.History.SqlCommands;

namespace GridDispatch.Gateway.History;

/// <summary>
/// The history over ADO.NET: the same SQL for SQLite and PostgreSQL (<see cref="HistorySchema"/>); a subclass
/// only opens connections. The schema is created on first use, and the first creation records when the
/// history began. Writes from this process are serialised (SQLite has one writer; it costs PostgreSQL nothing).
/// </summary>
public abstract partial class SqlHistoryStore(TimeProvider time) : IHistoryStore
{
    private const long Minute = 60_000, Hour = 3_600_000;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private Task<DateTimeOffset>? _schema;

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A statement run first in the schema's transaction, so two processes do not create it at once.</summary>
    protected virtual string? SchemaLock => null;

    public Task<DateTimeOffset> StartedAtAsync(CancellationToken cancellationToken = default) => EnsureSchemaAsync();

    private Task<DateTimeOffset> EnsureSchemaAsync()
    {
        var schema = _schema ??= CreateSchemaAsync();
        if (schema.IsFaulted) _schema = null; // the server was down: try again next time
        return schema;
    }

    private async Task<DateTimeOffset> CreateSchemaAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        if (SchemaLock is { } sql) await connection.Command(sql, transaction).ExecuteNonQueryAsync();
        foreach (var statement in HistorySchema.Statements) await connection.Command(statement, transaction).ExecuteNonQueryAsync();
        foreach (var statement in ReportSchema.Statements) await connection.Command(statement, transaction).ExecuteNonQueryAsync();
        const string insert = "INSERT INTO history_meta (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING";
        await connection.Command(insert, transaction).With("@name", HistorySchema.StartedAt).With("@value", Ms(time.GetUtcNow())).ExecuteNonQueryAsync();
        await connection.Command(insert, transaction).With("@name", HistorySchema.SchemaVersion).With("@value", (long)HistorySchema.Version).ExecuteNonQueryAsync();
        var started = await connection.Command("SELECT value FROM history_meta WHERE name = @name", transaction)
            .With("@name", HistorySchema.StartedAt).ExecuteScalarAsync();
        await transaction.CommitAsync();
        return DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(started));
    }

    public async Task WriteAsync(HistoryBatch batch, CancellationToken cancellationToken = default)
    {
        if (batch.Count == 0) return;
        await InWriteTransactionAsync(async (connection, transaction) =>
        {
            await WriteFiguresAsync(connection, transaction, batch.Figures, cancellationToken);
            await WriteLampHoursAsync(connection, transaction, batch.LampHours, cancellationToken);
            await WriteIncidentsAsync(connection, transaction, batch.Incidents, cancellationToken);
            await WriteFaultCodesAsync(connection, transaction, batch.Incidents, cancellationToken);
            await WritePlaybackAsync(connection, transaction, batch, cancellationToken);
            return 0;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, one writer at a time: SQLite takes one writer anyway, and each
    /// roll-up reads what the writes before it committed.
    /// </summary>
    private async Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync();
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writes.Release();
        }
    }

    private static Task WriteFiguresAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<FigureSample> figures, CancellationToken cancellationToken) =>
        connection.ForEachRowAsync(transaction, """
            INSERT INTO figure_minutes (township, village, county, at, lamps_total, lit, faulty, offline, open_incidents)
            VALUES (@township, @village, @county, @at, @total, @lit, @faulty, @offline, @open)
            ON CONFLICT (township, village, at) DO UPDATE SET county = excluded.county, lamps_total = excluded.lamps_total,
              lit = excluded.lit, faulty = excluded.faulty, offline = excluded.offline, open_incidents = excluded.open_incidents
            """, ["@township", "@village", "@county", "@at", "@total", "@lit", "@faulty", "@offline", "@open"], figures,
            // One row a minute, whichever silo sampled it.
            f => [f.Township, f.Village, f.County, Ms(f.At) - Ms(f.At) % Minute, (long)f.LampsTotal, (long)f.Lit, (long)f.Faulty, (long)f.Offline, (long)f.OpenIncidents],
            cancellationToken);

    private static Task WriteLampHoursAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LampHour> hours, CancellationToken cancellationToken) =>
        connection.ForEachRowAsync(transaction, """
            INSERT INTO lamp_hours (lamp, hour, township, village, cell, energy_wh, baseline_wh, burn_hours)
            VALUES (@lamp, @hour, @township, @village, @cell, @energy, @baseline, @burn)
            ON CONFLICT (lamp, hour) DO UPDATE SET township = excluded.township, village = excluded.village, cell = excluded.cell,
              energy_wh = excluded.energy_wh, baseline_wh = excluded.baseline_wh, burn_hours = excluded.burn_hours
            """, ["@lamp", "@hour", "@township", "@village", "@cell", "@energy", "@baseline", "@burn"], hours,
            h => [h.Lamp, Ms(h.Hour) - Ms(h.Hour) % Hour, h.Township, h.Village, h.Cell, h.EnergyWh, h.BaselineWh, h.BurnHours],
            cancellationToken);
}
