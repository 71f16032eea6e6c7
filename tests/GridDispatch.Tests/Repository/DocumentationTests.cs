using System.Text.RegularExpressions;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Repository;

/// <summary>
/// The repository's documents stand alone: every relative link resolves to a file in the checkout, and
/// nothing cites the planning papers the project started from, which a reader of the repository cannot open.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "wwwroot", "artifacts", ".git", "TestResults"];

    // Spelled in pieces, so this file does not cite them itself.
    private static readonly string[] OutsidePapers = ["CONTRACTS" + ".md", "DOMAIN" + ".md", "ENVIRONMENT" + ".md", "STYLE" + ".md"];

    [Fact]
    public void Every_relative_link_in_the_docs_resolves()
    {
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var document in Files(".md"))
        {
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(document)))
            {
                var target = link.Groups["target"].Value.Split('#')[0].Trim();
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                checkedLinks++;
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, Uri.UnescapeDataString(target)));
                if (!File.Exists(resolved) && !Directory.Exists(resolved)) broken.Add($"{Relative(document)} → {target}");
            }
        }

        Assert.True(checkedLinks > 10, $"only {checkedLinks} relative links found: is the pattern right?");
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void No_file_cites_a_paper_outside_the_repository()
    {
        string[] kinds = [".md", ".cs", ".ts", ".proto", ".csproj", ".props", ".json", ".sh", ".mjs", ".html", ".css", ".service"];
        var citing = kinds.SelectMany(Files)
            .SelectMany(file => OutsidePapers.Where(File.ReadAllText(file).Contains).Select(paper => $"{Relative(file)} cites {paper}"))
            .ToList();
        Assert.True(citing.Count == 0, string.Join("\n", citing));
    }

    private static IEnumerable<string> Files(string extension) =>
        Directory.EnumerateFiles(RepositoryPaths.Root, "*" + extension, new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(f => !Relative(f).Split(Path.DirectorySeparatorChar).Any(SkippedFolders.Contains));

    private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path);

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();
}
