namespace GridDispatch.Grains.Incidents;

/// <summary>Which responder skills can handle an incident category (a whistle's category, a lamp fault's trade).</summary>
public static class CategorySkills
{
    public static readonly IReadOnlyList<string> Categories =
        ["lighting", "electrical", "road", "water", "dispute", "safety", "environment", "flood", "fire", "other"];

    public static bool IsKnown(string? category) => category is not null && Categories.Contains(category);

    /// <summary>True if a responder with <paramref name="skills"/> can take a <paramref name="category"/> incident.</summary>
    public static bool CanHandle(string category, IReadOnlyList<string> skills) => category switch
    {
        "other" => skills.Count > 0,
        "lighting" => skills.Contains("lighting") || skills.Contains("electrical"),
        "flood" => skills.Contains("flood") || skills.Contains("rescue"),
        "fire" => skills.Contains("fire") || skills.Contains("rescue"),
        _ => skills.Contains(category),
    };
}
