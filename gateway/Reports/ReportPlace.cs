using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Gateway.Reports;

/// <summary>
/// What a report needs besides the history: the scope's townships as imported (villages and their names) and
/// their responders (which are teams, which department). Names are read as they are now.
/// </summary>
public sealed record ReportPlace(string ScopeName, IReadOnlyList<TownshipInfo> Townships, IReadOnlyList<ResponderCard> Responders)
{
    /// <summary>Villages of the scope: (township, village cell id, name); a county's carry their township's name.</summary>
    public IEnumerable<(string Township, string Village, string Name)> Villages(ReportScope scope) =>
        Townships.SelectMany(t => t.CellTree.Where(c => c.Level == CellLevel.Village && (scope.Level != ReportLevel.Village || c.CellId == scope.Id))
            .Select(c => (t.Id, c.CellId, Townships.Count > 1 ? $"{t.Name}·{c.Name}" : c.Name)));

    public string VillageName(string township, string village) =>
        Villages(ReportScope.OfTownship(township)).FirstOrDefault(v => v.Township == township && v.Village == village).Name
        ?? (village.Length == 0 ? "（乡镇直属）" : village);
}
