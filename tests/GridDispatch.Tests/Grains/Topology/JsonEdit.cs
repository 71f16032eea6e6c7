using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GridDispatch.Tests.Grains.Topology;

/// <summary>Sets one value at a simple JSON path (<c>$.a[0].b</c>); an index one past the end appends.</summary>
internal static partial class JsonEdit
{
    public static string Set(string json, string path, string valueJson)
    {
        var root = JsonNode.Parse(json) ?? throw new ArgumentException("null document", nameof(json));
        var steps = Step().Matches(path).Select(m => m.Groups[1].Success ? (object)m.Groups[1].Value : int.Parse(m.Groups[2].Value)).ToList();
        var parent = steps.SkipLast(1).Aggregate(root, (node, step) => step is string name ? node[name]! : node[(int)step]!);
        var value = JsonNode.Parse(valueJson);
        switch (steps[^1])
        {
            case string name: parent[name] = value; break;
            case int i when i == parent.AsArray().Count: parent.AsArray().Add(value); break;
            case int i: parent[i] = value; break;
        }
        return root.ToJsonString();
    }

    [GeneratedRegex(@"\.(\w+)|\[(\d+)\]")]
    private static partial Regex Step();
}
