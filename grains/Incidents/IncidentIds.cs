using System.Text.RegularExpressions;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// Incident ids are derived from their source, so opening the same whistle or alarm twice reaches
/// the same grain (idempotent creation without a lookup table). Safe in URLs and MQTT topics.
/// </summary>
public static partial class IncidentIds
{
    public static string For(string township, IncidentSource source, string sourceId) =>
        $"{township}-{Prefix(source)}-{Unsafe().Replace(sourceId, "-")}";

    /// <summary>Client-made ids (whistle ids): 1–64 of letters, digits, '-', '_', '.'.</summary>
    public static bool IsValidSourceId(string? id) => id is { Length: > 0 and <= 64 } && SafeId().IsMatch(id);

    private static string Prefix(IncidentSource source) => source switch
    {
        IncidentSource.Whistle => "w",
        IncidentSource.LampAlarm => "a",
        IncidentSource.FeederOutage => "f",
        IncidentSource.Hotline => "h",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "no id prefix for this source"),
    };

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex Unsafe();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex SafeId();
}
