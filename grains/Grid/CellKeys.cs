namespace GridDispatch.Grains.Grid;

/// <summary>
/// Grain keys of grid cells. Cell ids are unique within a township, so a cell's key is
/// <c>{township}/{cellId}</c>; the township's own cell is <c>{township}/{township}</c>, a county's is
/// <c>county/{countyId}</c>.
/// </summary>
public static class CellKeys
{
    public static string Cell(string township, string cellId) => $"{township}/{cellId}";

    public static string Township(string township) => Cell(township, township);

    public static string County(string county) => $"county/{county}";

    /// <summary>
    /// The village (its cell id) on a path of cell keys from a cell up through its township: the step just
    /// below the township's own cell, as villages are the township's children. Null for the township itself.
    /// </summary>
    public static string? VillageOn(IReadOnlyList<string> path, string township)
    {
        var own = Township(township);
        for (var i = 1; i < path.Count; i++)
            if (path[i] == own) return Split(path[i - 1]).CellId;
        return null;
    }

    public static (string Scope, string CellId) Split(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? (key, key) : (key[..slash], key[(slash + 1)..]);
    }
}
