using System.Diagnostics.CodeAnalysis;

namespace GridDispatch.Grains.Topology;

/// <summary>
/// What <see cref="TopologyFile"/> made of a file: either the township (still to be checked with
/// <see cref="TopologyValidator"/>) or the errors that stopped it from being read.
/// </summary>
public sealed class TopologyParseResult
{
    private TopologyParseResult(TownshipTopology? topology, IReadOnlyList<TopologyError> errors)
    {
        Topology = topology;
        Errors = errors;
    }

    /// <summary>The township read from the file, or null when <see cref="Errors"/> is not empty.</summary>
    public TownshipTopology? Topology { get; }

    /// <summary>Why the file could not be read; empty on success.</summary>
    public IReadOnlyList<TopologyError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Topology))]
    public bool Succeeded => Topology is not null;

    public static TopologyParseResult Success(TownshipTopology topology) =>
        new(topology ?? throw new ArgumentNullException(nameof(topology)), []);

    public static TopologyParseResult Failure(params IReadOnlyList<TopologyError> errors)
    {
        if (errors.Count == 0) throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        return new(null, errors);
    }

    public override string ToString() =>
        Succeeded ? $"ok: {Topology.Id}" : string.Join(Environment.NewLine, Errors);
}
