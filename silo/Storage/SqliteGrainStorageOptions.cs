using Orleans.Storage;

namespace GridDispatch.Silo.Storage;

/// <summary>Options of one named SQLite grain storage; the file itself is <see cref="Sqlite.SqliteDatabaseOptions"/>.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>Lifecycle stage at which the table is created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>Serializer for state payloads; Orleans' configured default when left null.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
