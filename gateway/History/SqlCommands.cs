using System.Data.Common;

namespace GridDispatch.Gateway.History;

/// <summary>Small ADO.NET helpers shared by both stores: commands with parameters, and lenient reads (SQLite and PostgreSQL type sums differently).</summary>
internal static class SqlCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Sets the value of a parameter added before (a command prepared once, run per row).</summary>
    public static void Set(this DbCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    /// <summary>
    /// Runs <paramref name="sql"/> once per row, in order. Where the provider batches (Npgsql), 1,000 statements go in
    /// one round trip; otherwise (SQLite, in process: no round trip to save) one command is reused.
    /// </summary>
    public static async Task ForEachRowAsync<T>(this DbConnection connection, DbTransaction transaction, string sql, string[] names,
        IEnumerable<T> rows, Func<T, object?[]> values, CancellationToken cancellationToken)
    {
        if (connection.CanCreateBatch)
        {
            foreach (var chunk in rows.Chunk(1_000))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var row in chunk)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = sql;
                    var v = values(row);
                    for (var i = 0; i < names.Length; i++)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = names[i];
                        parameter.Value = v[i] ?? DBNull.Value;
                        command.Parameters.Add(parameter);
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        await using var single = connection.Command(sql, transaction);
        foreach (var name in names) single.With(name, null);
        foreach (var row in rows)
        {
            var v = values(row);
            for (var i = 0; i < names.Length; i++) single.Parameters[i].Value = v[i] ?? DBNull.Value;
            await single.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static object? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(this DbDataReader reader, int i) => DateTimeOffset.FromUnixTimeMilliseconds(reader.Long(i));

    public static DateTimeOffset? TimeOrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.Time(i);

    public static long Long(this DbDataReader reader, int i) => Convert.ToInt64(reader.GetValue(i));

    public static double Double(this DbDataReader reader, int i) => Convert.ToDouble(reader.GetValue(i));

    public static double? DoubleOrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.Double(i);

    public static string Text(this DbDataReader reader, int i) => reader.GetString(i);

    public static string? TextOrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
