using Microsoft.Data.Sqlite;

namespace GridDispatch.Silo.Sqlite;

/// <summary>
/// The writer connection, as seen by one queued write inside a group-commit transaction.
/// Commands are prepared once per SQL text and reused, which is most of SQLite's per-statement cost.
/// </summary>
public sealed class SqliteWriteContext(SqliteConnection connection)
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    internal SqliteTransaction? Transaction { get; set; }

    /// <summary>A reusable command for <paramref name="sql"/>; its parameters are cleared for the caller.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        return command;
    }
}

/// <summary>One write waiting for the next group commit. Completes only after the commit.</summary>
internal abstract class SqliteWrite
{
    public abstract void Execute(SqliteWriteContext context);
    public abstract void Fail(Exception error);
    public abstract void Complete();
}

internal sealed class SqliteWrite<T>(Func<SqliteWriteContext, T> work) : SqliteWrite
{
    // Continuations run off the writer thread, so a slow grain never stalls the next commit.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _completion.Task;

    public override void Execute(SqliteWriteContext context)
    {
        try
        {
            _result = work(context);
        }
        catch (Exception error)
        {
            // A failed statement is rolled back on its own; the rest of the batch still commits.
            _error = error;
        }
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override void Complete()
    {
        if (_error is not null) _completion.TrySetException(_error);
        else _completion.TrySetResult(_result!);
    }
}
