namespace GridDispatch.Grains.Topology;

/// <summary>
/// One problem found in a topology file: where it is, as a JSON path into the file
/// (e.g. <c>$.villages[3].groups[1].neighbourhoods[0].leader.id</c>), and what is wrong.
/// </summary>
public sealed record TopologyError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
