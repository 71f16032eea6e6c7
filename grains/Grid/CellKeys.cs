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

    public static (string Scope, string CellId) Split(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? (key, key) : (key[..slash], key[(slash + 1)..]);
    }
}
