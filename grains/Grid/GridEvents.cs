using GridDispatch.Grains.Events;

namespace GridDispatch.Grains.Grid;

/// <summary>A cell's roll-up changed. Coalesced per cell: screens want the latest figures, not every step.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Events.SummaryChanged")]
public sealed record SummaryChanged : DomainEvent
{
    [Id(0)] public required string CellKey { get; init; }
    [Id(1)] public required CellLevel Level { get; init; }
    [Id(2)] public required CellFigures Figures { get; init; }
    public override string CoalesceKey => "cell:" + CellKey;
}
