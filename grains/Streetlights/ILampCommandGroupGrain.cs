using Orleans.Concurrency;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// A group command's progress, told by each lamp when its part settles (acknowledged, refused, given up,
/// superseded). Owned here, implemented by the group command in <c>Lighting/</c>, so lamps need not know it.
/// Keyed by <see cref="LampCommand.Group"/>.
/// </summary>
[Alias("GridDispatch.Streetlights.ILampCommandGroupGrain")]
public interface ILampCommandGroupGrain : IGrainWithStringKey
{
    /// <summary>Counted while the group is still sending (interleaves: it does not wait for the sending to end).</summary>
    [Alias("LampSettled"), AlwaysInterleave] Task LampSettled(string lampId, LampCommand command);
}
