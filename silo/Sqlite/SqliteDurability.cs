namespace GridDispatch.Silo.Sqlite;

/// <summary>How hard SQLite works to keep a committed write across a crash. Maps to <c>PRAGMA synchronous</c>.</summary>
public enum SqliteDurability
{
    /// <summary>fsync the WAL on every commit: a commit survives process crash and power loss.</summary>
    Full,

    /// <summary>fsync only at checkpoints: a commit survives a process crash, but the last
    /// commits can be lost on power loss or an OS crash. Faster on slow disks.</summary>
    Normal,
}
