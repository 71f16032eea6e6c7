namespace GridDispatch.Grains.Incidents;

/// <summary>
/// A view, like the cell roll-ups: updated in memory, saved at most every <see cref="SaveDelay"/> and on
/// deactivation. Open incidents re-send their line on every review tick, so after a crash the view
/// heals within a review period instead of staying wrong.
/// </summary>
public sealed class IncidentIndexGrain([PersistentState("incident-index")] IPersistentState<IncidentIndexState> state) : Grain, IIncidentIndexGrain
{
    /// <summary>Finished incidents kept in the list; the incidents themselves keep everything.</summary>
    public const int KeepFinished = 2_000;

    public static readonly TimeSpan SaveDelay = TimeSpan.FromSeconds(2);

    private IGrainTimer? _saveTimer;

    public Task Update(IncidentListItem item)
    {
        var items = state.State.Items;
        if (items.TryGetValue(item.Id, out var known) && known.UpdatedAt > item.UpdatedAt) return Task.CompletedTask; // one-way calls may arrive out of order
        items[item.Id] = item;
        _saveTimer ??= this.RegisterGrainTimer(SaveAsync, SaveDelay, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
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
