namespace GridDispatch.Grains.Audit;

/// <summary>
/// The day's lines in the grain storage of the profile (SQLite embedded, Redis in a cluster). Nothing
/// here edits or removes a line. A day is small (operators' actions and logins, not telemetry), so the
/// whole day is one state; a busier log belongs in the history store, behind the same gateway interface.
/// </summary>
public sealed class AuditDayGrain([PersistentState("audit")] IPersistentState<AuditDayState> state) : Grain, IAuditDayGrain
{
    public async Task Append(AuditEntry entry)
    {
        if (state.State.Ids.Contains(entry.Id)) return; // a retried write
        state.State.Entries.Add(entry);
        state.State.Ids.Add(entry.Id);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not on disk: forget it here too, so a retry writes it rather than taking it for done.
            state.State.Entries.RemoveAt(state.State.Entries.Count - 1);
            state.State.Ids.Remove(entry.Id);
            throw;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> Read() => Task.FromResult<IReadOnlyList<AuditEntry>>([.. state.State.Entries]);
}

[GenerateSerializer, Alias("GridDispatch.Audit.AuditDayState")]
public sealed class AuditDayState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
    [Id(1)] public HashSet<string> Ids { get; set; } = [];
}
