namespace GridDispatch.Grains.Incidents;

/// <summary>
/// The township's list. The whole list is saved at most every <see cref="SaveDelay"/> and on deactivation;
/// each changed line is first written to a small journal (the lines changed since that save), before the
/// incident's call returns. Activation merges the journal into the list, so after a crash every line an
/// incident was told about is there from the first read. Open incidents also re-send their line on every
/// review tick, which heals anything else.
/// </summary>
public sealed class IncidentIndexGrain(
    [PersistentState("incident-index")] IPersistentState<IncidentIndexState> state,
    [PersistentState("incident-index-journal")] IPersistentState<IncidentIndexState> journal) : Grain, IIncidentIndexGrain
{
    /// <summary>Finished incidents kept in the list; the incidents themselves keep everything.</summary>
    public const int KeepFinished = 2_000;

    public static readonly TimeSpan SaveDelay = TimeSpan.FromSeconds(2);

    private IGrainTimer? _saveTimer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Lines changed after the last whole save, if the process died before the next one.
        foreach (var item in journal.State.Items.Values) Merge(item);
        return Task.CompletedTask;
    }

    public async Task Update(IncidentListItem item)
    {
        var known = state.State.Items.GetValueOrDefault(item.Id);
        if (!Merge(item)) return;
        _saveTimer ??= this.RegisterGrainTimer(SaveAsync, SaveDelay, Timeout.InfiniteTimeSpan);
        if (known is not null && known with { UpdatedAt = item.UpdatedAt } == item) return; // a review's re-send: nothing new to keep
        journal.State.Items[item.Id] = item;
        await journal.WriteStateAsync();
    }

    /// <summary>Takes the line unless a newer one is known (calls from several incidents may arrive out of order).</summary>
    private bool Merge(IncidentListItem item)
    {
        if (state.State.Items.TryGetValue(item.Id, out var known) && known.UpdatedAt > item.UpdatedAt) return false;
        state.State.Items[item.Id] = item;
        return true;
    }

    public Task<IReadOnlyList<IncidentListItem>> List(IncidentStatus? status, int limit) =>
        Task.FromResult<IReadOnlyList<IncidentListItem>>([.. state.State.Items.Values
            .Where(i => status is null || i.Status == status)
            .OrderByDescending(i => i.ReportedAt)
            .Take(Math.Clamp(limit, 1, 1000))]);

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        _saveTimer?.Dispose();
        _saveTimer = null;
        var items = state.State.Items;
        foreach (var id in items.Values.Where(i => !i.Status.IsOpen()).OrderByDescending(i => i.UpdatedAt).Skip(KeepFinished).Select(i => i.Id).ToList())
            items.Remove(id);
        await state.WriteStateAsync(cancellationToken);
        if (journal.State.Items.Count == 0) return;
        journal.State.Items.Clear(); // all of it is in the list just saved
        await journal.WriteStateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_saveTimer is not null) await SaveAsync(cancellationToken);
    }
}

[GenerateSerializer, Alias("GridDispatch.Incidents.IncidentIndexState")]
public sealed class IncidentIndexState
{
    [Id(0)] public Dictionary<string, IncidentListItem> Items { get; set; } = [];
}
