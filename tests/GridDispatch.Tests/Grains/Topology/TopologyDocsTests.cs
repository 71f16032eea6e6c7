using GridDispatch.Grains.Topology;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Grains.Topology;

/// <summary>The operator's documentation must not drift from what the code reads.</summary>
public class TopologyDocsTests
{
    private static readonly string ExamplePath = Path.Combine(RepositoryPaths.Root, "docs", "examples", "small-township.json");

    [Fact]
    public async Task The_example_file_parses_validates_clean_and_is_the_test_sample()
    {
        await using var file = File.OpenRead(ExamplePath);

        var result = await TopologyFile.ParseAsync(file);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(TopologyValidator.Validate(result.Topology));
        Assert.Equal(TopologyFile.Write(TopologySamples.Small()), TopologyFile.Write(result.Topology));
    }

    [Fact]
    public void TOPOLOGY_md_shows_the_example_file_verbatim()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "TOPOLOGY.md")).ReplaceLineEndings("\n");
        var example = File.ReadAllText(ExamplePath).ReplaceLineEndings("\n");

        Assert.Contains($"```jsonc\n{example}```", doc);
    }
}
