using System.Text.Json;
using System.Text.RegularExpressions;

namespace GridDispatch.Grains.Topology;

/// <summary>
/// Turns System.Text.Json's exceptions into messages an operator can act on: no .NET type
/// names, the line (1-based) spelled out. Unrecognised messages pass through unchanged.
/// </summary>
internal static partial class JsonErrorText
{
    public static TopologyError ToError(JsonException ex)
    {
        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        var where = ex.LineNumber is { } line
            ? $" (line {line + 1}, byte {ex.BytePositionInLine.GetValueOrDefault() + 1})"
            : "";
        return new TopologyError(path, Describe(CoreMessage(ex.Message)) + where);
    }

    // STJ appends " Path: $.x | LineNumber: 2 | BytePositionInLine: 7." to its messages; we report those ourselves.
    private static string CoreMessage(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }

    private static string Describe(string core)
    {
        if (MissingRequired().Match(core) is { Success: true } missing)
            return $"missing required member(s) {missing.Groups[1].Value.TrimEnd('.')}";
        if (NotConvertible().Match(core) is { Success: true } type)
            return $"expected {Expected(type.Groups[1].Value)}";
        if (NullNotAllowed().Match(core) is { Success: true } nul)
            return $"'{nul.Groups[1].Value}' must not be null";
        if (Unmapped().Match(core) is { Success: true } unknown)
            return $"unknown member '{unknown.Groups[1].Value}' (members are camelCase; see docs/TOPOLOGY.md)";
        if (Duplicate().Match(core) is { Success: true } dup)
            return $"member '{dup.Groups[1].Value}' appears more than once";
        return core;
    }

    private static string Expected(string dotnetType) => dotnetType switch
    {
        "System.String" => "a string",
        "System.Double" => "a number",
        "System.Int32" => "a whole number",
        nameof(LampKind) or "GridDispatch.Grains.Topology.LampKind" => "one of \"mains\", \"solar\"",
        nameof(ResponderKind) or "GridDispatch.Grains.Topology.ResponderKind" => "one of \"person\", \"team\"",
        _ when dotnetType.Contains("IReadOnlyList", StringComparison.Ordinal) => "an array",
        _ => "an object",
    };

    [GeneratedRegex(@"missing required properties including: (.+)$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"could not be converted to ([\w.`\[\], ]+?)\.?$")]
    private static partial Regex NotConvertible();

    [GeneratedRegex(@"The property or field '([^']+)' .* doesn't allow setting null values")]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"Duplicate property '([^']+)'")]
    private static partial Regex Duplicate();
}
