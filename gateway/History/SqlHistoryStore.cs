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
        await EnsureSchemaAsync();
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await WriteFiguresAsync(connection, transaction, batch.Figures, cancellationToken);
            await WriteLampHoursAsync(connection, transaction, batch.LampHours, cancellationToken);
            await WriteIncidentsAsync(connection, transaction, batch.Incidents, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    private static async Task WriteFiguresAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<FigureSample> figures, CancellationToken cancellationToken)
    {
        if (figures.Count == 0) return;
        await using var command = connection.Command("""
            INSERT INTO figure_minutes (township, village, county, at, lamps_total, lit, faulty, offline, open_incidents)
            VALUES (@township, @village, @county, @at, @total, @lit, @faulty, @offline, @open)
            ON CONFLICT (township, village, at) DO UPDATE SET county = excluded.county, lamps_total = excluded.lamps_total,
              lit = excluded.lit, faulty = excluded.faulty, offline = excluded.offline, open_incidents = excluded.open_incidents
            """, transaction)
            .With("@township", "").With("@village", "").With("@county", "").With("@at", 0L).With("@total", 0L)
            .With("@lit", 0L).With("@faulty", 0L).With("@offline", 0L).With("@open", 0L);
        foreach (var f in figures)
        {
            command.Set("@township", f.Township);
            command.Set("@village", f.Village);
            command.Set("@county", f.County);
            command.Set("@at", Ms(f.At) - Ms(f.At) % Minute); // one row a minute, whichever silo sampled it
            command.Set("@total", (long)f.LampsTotal);
            command.Set("@lit", (long)f.Lit);
            command.Set("@faulty", (long)f.Faulty);
            command.Set("@offline", (long)f.Offline);
            command.Set("@open", (long)f.OpenIncidents);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WriteLampHoursAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LampHour> hours, CancellationToken cancellationToken)
    {
        if (hours.Count == 0) return;
        await using var command = connection.Command("""
            INSERT INTO lamp_hours (lamp, hour, township, village, cell, energy_wh, baseline_wh, burn_hours)
            VALUES (@lamp, @hour, @township, @village, @cell, @energy, @baseline, @burn)
            ON CONFLICT (lamp, hour) DO UPDATE SET township = excluded.township, village = excluded.village, cell = excluded.cell,
              energy_wh = excluded.energy_wh, baseline_wh = excluded.baseline_wh, burn_hours = excluded.burn_hours
            """, transaction)
            .With("@lamp", "").With("@hour", 0L).With("@township", "").With("@village", "").With("@cell", "")
            .With("@energy", 0d).With("@baseline", 0d).With("@burn", 0d);
        foreach (var h in hours)
        {
            command.Set("@lamp", h.Lamp);
            command.Set("@hour", Ms(h.Hour) - Ms(h.Hour) % Hour);
            command.Set("@township", h.Township);
            command.Set("@village", h.Village);
            command.Set("@cell", h.Cell);
            command.Set("@energy", h.EnergyWh);
            command.Set("@baseline", h.BaselineWh);
            command.Set("@burn", h.BurnHours);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
