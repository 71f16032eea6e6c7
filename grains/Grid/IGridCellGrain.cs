namespace GridDispatch.Grains.Grid;

/// <summary>
/// One grid cell (网格) at any level. It sums what its contributors report — lamps, incidents,
/// responders and child cells, each under its own key — and reports its total to its parent.
/// Contributions replace, never add, so a repeated or re-ordered report cannot skew a total.
/// </summary>
[Alias("GridDispatch.Grid.IGridCellGrain")]
public interface IGridCellGrain : IGrainWithStringKey
{
    [Alias("Define")] Task Define(CellDefinition definition);

    /// <summary>Sets <paramref name="contributor"/>'s whole contribution; zero removes it.</summary>
    [Alias("Contribute")] Task Contribute(string contributor, CellFigures figures);

    [Alias("GetSummary")] Task<CellSummary> GetSummary();

    /// <summary>Each contributor's current share, keyed <c>lamp:…</c>, <c>incident:…</c>, <c>responder:…</c>, <c>cell:…</c>: why the figures are what they are.</summary>
    [Alias("GetContributions")] Task<IReadOnlyDictionary<string, CellFigures>> GetContributions();
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Grid.CellSummary")]
public sealed record CellSummary(
    [property: Id(0)] CellDefinition? Definition,
    [property: Id(1)] CellFigures Figures,
    [property: Id(2)] int Contributors);
