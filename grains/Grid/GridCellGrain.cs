using GridDispatch.Grains.Common;
using GridDispatch.Grains.Events;

namespace GridDispatch.Grains.Grid;

public sealed class GridCellGrain(
    [PersistentState("cell")] IPersistentState<GridCellState> state,
    IDomainEvents events,
    DomainClock clock) : Grain, IGridCellGrain
{
    /// <summary>Figures are derived data that contributors re-report, so they are saved at most this often.</summary>
    public static readonly TimeSpan SaveDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A cell reports its latest total up at most this often, so a wave of changes (dusk: every lamp
    /// turns on) reaches the township as a few reports per village, not one per lamp.
    /// </summary>
    public static readonly TimeSpan ReportDelay = TimeSpan.FromMilliseconds(100);

    private IGrainTimer? _saveTimer;
    private IGrainTimer? _reportTimer;
    private CellFigures? _reported;

    private string Key => this.GetPrimaryKeyString();

    public async Task Define(CellDefinition definition)
    {
        var previousParent = state.State.Definition?.ParentKey;
        state.State.Definition = definition;
        await state.WriteStateAsync();
        if (previousParent is not null && previousParent != definition.ParentKey)
            await GrainFactory.GetGrain<IGridCellGrain>(previousParent).Contribute(ContributorKey, CellFigures.Zero);
        await ReportUp();
    }

    public Task Contribute(string contributor, CellFigures figures)
    {
        var contributions = state.State.Contributions;
        var previous = contributions.GetValueOrDefault(contributor) ?? CellFigures.Zero;
        if (previous == figures) return Task.CompletedTask;
        if (figures.IsZero) contributions.Remove(contributor);
        else contributions[contributor] = figures.Shared();
        state.State.Total = state.State.Total - previous + figures;
        ScheduleSave();
        _reportTimer ??= this.RegisterGrainTimer(ReportAsync, ReportDelay, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        _reportTimer?.Dispose();
        _reportTimer = null;
        if (_reported != state.State.Total) await ReportUp();
        if (state.State.ReportPending)
        {
            state.State.ReportPending = false;
            ScheduleSave();
        }
    }

    public Task<CellSummary> GetSummary() =>
        Task.FromResult(new CellSummary(state.State.Definition, state.State.Total, state.State.Contributions.Count));

    public Task<IReadOnlyDictionary<string, CellFigures>> GetContributions() =>
        Task.FromResult<IReadOnlyDictionary<string, CellFigures>>(new Dictionary<string, CellFigures>(state.State.Contributions));

    private string ContributorKey => "cell:" + Key;

    private async Task ReportUp()
    {
        var definition = state.State.Definition;
        if (definition is null) return; // not yet imported: report once defined
        _reported = state.State.Total;
        events.Publish(new SummaryChanged
        {
            Township = definition.Township, At = clock.Now, CellKey = Key, Level = definition.Level, Figures = state.State.Total,
        });
        if (definition.ParentKey is { } parent)
            await GrainFactory.GetGrain<IGridCellGrain>(parent).Contribute(ContributorKey, state.State.Total);
    }

    private void ScheduleSave()
    {
        state.State.Dirty = true;
        _saveTimer ??= this.RegisterGrainTimer(SaveAsync, SaveDelay, Timeout.InfiniteTimeSpan);
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        _saveTimer?.Dispose();
        _saveTimer = null;
        if (!state.State.Dirty) return;
        state.State.Dirty = false;
        await state.WriteStateAsync(cancellationToken);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Read from storage, every lamp's share is a copy of its own: one of eight shared instances instead.
        var contributions = state.State.Contributions;
        foreach (var contributor in contributions.Keys.ToList()) contributions[contributor] = contributions[contributor].Shared();
        // A report the last activation owed its parent when the silo shut down: send it now.
        if (state.State.ReportPending) _reportTimer = this.RegisterGrainTimer(ReportAsync, ReportDelay, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_reportTimer is not null)
        {
            // While the silo shuts down its parent is being deactivated too and cannot take the report:
            // keep it owed, on disk, instead of failing the call.
            if (reason.ReasonCode == DeactivationReasonCode.ShuttingDown) (state.State.ReportPending, state.State.Dirty) = (true, true);
            else await ReportAsync(cancellationToken);
        }

        if (state.State.Dirty) await SaveAsync(cancellationToken);
    }
}

[GenerateSerializer, Alias("GridDispatch.Grid.GridCellState")]
public sealed class GridCellState
{
    [Id(0)] public CellDefinition? Definition { get; set; }
    [Id(1)] public Dictionary<string, CellFigures> Contributions { get; set; } = [];
    [Id(2)] public CellFigures Total { get; set; } = CellFigures.Zero;
    [Id(3)] public bool Dirty { get; set; }
    /// <summary>The total changed and was not yet reported up when the silo shut down.</summary>
    [Id(4)] public bool ReportPending { get; set; }
}
