using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Repository;

/// <summary>
/// The grains' domain folders (Streetlights, Incidents, Dispatch, …) depend on each other one way only:
/// a change in a lower folder can be understood without the higher ones, and events live beside what
/// produces them while Events/ keeps only the plumbing.
/// </summary>
public sealed class GrainsLayeringTests
{
    private static readonly string GrainsFolder = Path.Combine(RepositoryPaths.Root, "grains");

    /// <summary>Type names per domain namespace, from the grains assembly itself.</summary>
    private static readonly IReadOnlyDictionary<string, HashSet<string>> TypesByDomain = typeof(StreetlightGrain).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith("GridDispatch.Grains.", StringComparison.Ordinal) == true && !t.Name.StartsWith('<'))
        .GroupBy(t => t.Namespace!.Split('.')[2])
        .ToDictionary(g => g.Key, g => g.Select(t => t.Name.Split('`')[0]).ToHashSet(StringComparer.Ordinal));

    private static IEnumerable<(string Path, string Text)> Sources() =>
        Directory.EnumerateFiles(GrainsFolder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(GrainsFolder, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => (f, File.ReadAllText(Path.Combine(GrainsFolder, f))));

    [Fact]
    public void Domain_folders_have_no_namespace_cycle()
    {
        var graph = NamespaceGraph.Read(Sources(), TypesByDomain);

        // The reader sees the edges that must be there, so an empty graph cannot pass by accident.
        Assert.Contains("Incidents", graph.Edges["Dispatch"].Keys);
        Assert.Contains("Grid", graph.Edges["Incidents"].Keys);
        var cycle = graph.FindCycle();
        Assert.True(cycle is null, "namespace cycle among grains' domains:\n" + (cycle is null ? "" : graph.Explain(cycle)));
    }

    [Fact]
    public void Each_file_declares_the_namespace_of_its_folder()
    {
        // So the folder graph and the namespace graph are the same graph. Registration extensions (Add…) live in
        // the DI namespace by convention, wherever their folder.
        var misplaced = Sources()
            .Where(s => s.Path.Contains(Path.DirectorySeparatorChar) && !s.Text.Contains("namespace Microsoft.Extensions.DependencyInjection;"))
            .Where(s => NamespaceGraph.DomainOf(s.Text) != s.Path.Split(Path.DirectorySeparatorChar)[0])
            .Select(s => s.Path)
            .ToList();
        Assert.True(misplaced.Count == 0, "files outside their folder's namespace:\n" + string.Join("\n", misplaced));
    }

    [Fact]
    public void A_reference_back_down_the_layers_is_reported_as_a_cycle()
    {
        // Grid is used by Incidents; a Grid file reaching back into Incidents, by a using or by a qualified name, closes a cycle.
        (string, string)[] byUsing = [("Grid/Back.cs", "using GridDispatch.Grains.Incidents;\nnamespace GridDispatch.Grains.Grid;\nclass Back;")];
        (string, string)[] byName = [("Grid/Back.cs", "namespace GridDispatch.Grains.Grid;\nclass Back { Incidents.IncidentStatus S; }")];
        (string, string)[] inComment = [("Grid/Back.cs", "namespace GridDispatch.Grains.Grid;\n// see Incidents.IncidentStatus\nclass Back { int Incidents; int X => Incidents.CompareTo(1); }")];

        var cycle = NamespaceGraph.Read(Sources().Concat(byUsing), TypesByDomain).FindCycle();
        Assert.NotNull(cycle);
        Assert.Contains("Grid", cycle);
        Assert.Contains("Incidents", cycle);
        Assert.NotNull(NamespaceGraph.Read(Sources().Concat(byName), TypesByDomain).FindCycle());
        Assert.Null(NamespaceGraph.Read(Sources().Concat(inComment), TypesByDomain).FindCycle());
    }
}
