using System.Text.RegularExpressions;

namespace GridDispatch.Grains.Topology;

/// <summary>
/// What an id in a topology file may look like. Ids become MQTT topic segments
/// (<c>gd/{township}/lamp/{lampId}/…</c>, <c>gd/{township}/grid/{cellId}/whistle</c>), so they must
/// never hold the topic separator or wildcards (<c>/</c>, <c>+</c>, <c>#</c>).
/// </summary>
public static partial class TopologyIds
{
    /// <summary>Township ids: lower-case, because they are also used in URLs and as a county's scope.</summary>
    public const string TownshipPattern = "^[a-z0-9][a-z0-9-]{0,62}$";

    /// <summary>Cell, lamp, person, responder and department ids.</summary>
    public const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$";

    public static bool IsValidTownshipId(string? id) => id is not null && TownshipRegex().IsMatch(id);

    public static bool IsValidId(string? id) => id is not null && IdRegex().IsMatch(id);

    /// <summary>True when the text holds a character that would break an MQTT topic.</summary>
    public static bool HasTopicSpecials(string id) => id.AsSpan().IndexOfAny('/', '+', '#') >= 0;

    // \z rather than $: in .NET '$' also matches before a trailing newline.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TownshipRegex();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
