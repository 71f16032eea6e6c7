using System.Collections.Concurrent;
using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Gateway.TimeSeries;

/// <summary>
/// A lamp's series tags (township, village, cell, lamp), looked up once per lamp and kept for the life of the
/// process: topology changes are rare, and a lamp moved by a re-import is tagged where it stands after a restart.
/// </summary>
public sealed class LampTags(IGrainFactory grains)
{
    private const int MaxLamps = 2_000_000;
    private readonly ConcurrentDictionary<string, KeyValuePair<string, string>[]> _tags = new(StringComparer.Ordinal);

    public async ValueTask<KeyValuePair<string, string>[]?> ForAsync(string lampId)
    {
        if (_tags.TryGetValue(lampId, out var known)) return known;
        if (await grains.GetGrain<IStreetlightGrain>(lampId).GetSnapshot() is not { } lamp) return null;
        KeyValuePair<string, string>[] tags = [new("township", lamp.Township), new("village", lamp.Village ?? ""), new("cell", lamp.Cell), new("lamp", lamp.LampId)];
        if (_tags.Count < MaxLamps) _tags[lampId] = tags;
        return tags;
    }
}
