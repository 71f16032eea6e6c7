namespace GridDispatch.Grains.Incidents;

public sealed class IncidentIndexGrain([PersistentState("incident-index")] IPersistentState<IncidentIndexState> state) : Grain, IIncidentIndexGrain
{
    /// <summary>Finished incidents kept in the list; the incidents themselves keep everything.</summary>
    public const int KeepFinished = 2_000;

    public async Task Update(IncidentListItem item)
    {
        var items = state.State.Items;
        if (items.TryGetValue(item.Id, out var known) && known.UpdatedAt > item.UpdatedAt) return; // one-way calls may arrive out of order
        items[item.Id] = item;
        var finished = items.Values.Where(i => !i.Status.IsOpen()).OrderByDescending(i => i.UpdatedAt).Skip(KeepFinished).Select(i => i.Id).ToList();
        foreach (var id in finished) items.Remove(id);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<IncidentListItem>> List(IncidentStatus? status, int limit) =>
        Task.FromResult<IReadOnlyList<IncidentListItem>>([.. state.State.Items.Values
            .Where(i => status is null || i.Status == status)
            .OrderByDescending(i => i.ReportedAt)
            .Take(Math.Clamp(limit, 1, 1000))]);
}

[GenerateSerializer, Alias("GridDispatch.Incidents.IncidentIndexState")]
public sealed class IncidentIndexState
{
    [Id(0)] public Dictionary<string, IncidentListItem> Items { get; set; } = [];
}
