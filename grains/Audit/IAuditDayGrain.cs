namespace GridDispatch.Grains.Audit;

/// <summary>One township's audit lines of one day (<see cref="AuditDays.Key"/>): append-only and saved before the append returns.</summary>
[Alias("GridDispatch.Audit.IAuditDayGrain")]
public interface IAuditDayGrain : IGrainWithStringKey
{
    [Alias("Append")] Task Append(AuditEntry entry);

    /// <summary>Oldest first.</summary>
    [Alias("Read")] Task<IReadOnlyList<AuditEntry>> Read();
}
