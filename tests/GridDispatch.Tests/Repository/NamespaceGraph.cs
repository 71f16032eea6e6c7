using System.Text.RegularExpressions;

namespace GridDispatch.Tests.Repository;

/// <summary>
/// Which of the grains' domain namespaces (GridDispatch.Grains.&lt;Domain&gt;) each one uses, read from the
/// sources: a <c>using</c> of another domain, or a name qualified with one (<c>Grid.CellLevel</c>).
/// A name counts as qualified only if that domain declares such a type, so <c>Incidents.Count</c> on a
/// property called Incidents is no edge.
/// </summary>
public sealed partial class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    /// <summary>Domain → the domains it uses, each with the files that make it so.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, SortedSet<string>>> Edges => _edges;

    public static NamespaceGraph Read(IEnumerable<(string Path, string Text)> sources, IReadOnlyDictionary<string, HashSet<string>> typesByDomain)
    {
        var graph = new NamespaceGraph();
        foreach (var (path, text) in sources)
        {
            if (DomainOf(text) is not { } from) continue;
            var code = Strings().Replace(Comments().Replace(text, ""), "\"\"");
            foreach (Match use in Using().Matches(code)) graph.Add(from, use.Groups["domain"].Value, path);
            foreach (Match name in Qualified().Matches(code))
            {
                var domain = name.Groups["domain"].Value;
                if (typesByDomain.TryGetValue(domain, out var types) && types.Contains(name.Groups["type"].Value)) graph.Add(from, domain, path);
            }
        }
        return graph;
    }

    /// <summary>The domain a source file declares, from its namespace; null outside GridDispatch.Grains.&lt;Domain&gt;.</summary>
    public static string? DomainOf(string text) => Namespace().Match(text) is { Success: true } m ? m.Groups["domain"].Value : null;

    /// <summary>One cycle as a path (first domain repeated at the end), or null if the domains depend one way only.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path, true: done
        var path = new List<string>();
        foreach (var start in _edges.Keys.Order(StringComparer.Ordinal))
            if (Visit(start) is { } cycle) return cycle;
        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
                return done ? null : [.. path.Skip(path.IndexOf(node)), node];
            state[node] = false;
            path.Add(node);
            if (_edges.TryGetValue(node, out var targets))
                foreach (var next in targets.Keys.Order(StringComparer.Ordinal))
                    if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }
    }

    /// <summary>The files behind each step of a cycle, for the failure message.</summary>
    public string Explain(IReadOnlyList<string> cycle) =>
        string.Join("\n", cycle.Zip(cycle.Skip(1), (a, b) => $"{a} → {b}: {string.Join(", ", _edges[a][b])}"));

    private void Add(string from, string to, string path)
    {
        if (from == to) return;
        if (!_edges.TryGetValue(from, out var targets)) _edges[from] = targets = new(StringComparer.Ordinal);
        if (!targets.TryGetValue(to, out var files)) targets[to] = files = new(StringComparer.Ordinal);
        files.Add(path);
    }

    [GeneratedRegex(@"^\s*namespace\s+GridDispatch\.Grains\.(?<domain>\w+)", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?GridDispatch\.Grains\.(?<domain>\w+)", RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(@"(?<![\w.])(GridDispatch\.Grains\.)?(?<domain>[A-Z]\w*)\.(?<type>[A-Z]\w*)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex Strings();
}
