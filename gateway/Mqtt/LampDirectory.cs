using System.Collections.Frozen;
using GridDispatch.Grains.Common;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Which lamp ids exist, and in which township, held in memory from the townships' lamp lists. A CONNECT
/// under a name that is not a lamp is answered from here, without activating a grain for it. An unknown
/// name reloads the lists at most once per <see cref="RefreshEvery"/> (a lamp imported since is found then).
/// </summary>
public sealed partial class LampDirectory
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private readonly ReloadingSnapshot<FrozenDictionary<string, string>> _townships;

    public LampDirectory(IGrainFactory grains, TimeProvider time, ILogger<LampDirectory> logger) =>
        _townships = new(() => LoadAsync(grains), FrozenDictionary<string, string>.Empty, RefreshEvery, time, error => LogLoadFailed(logger, error));

    /// <summary>Is this a lamp id, as far as the last load knows (no reload)?</summary>
    public bool IsKnown(string id) => _townships.Current.ContainsKey(id);

    /// <summary>The lamp's township, or null if there is no such lamp.</summary>
    public async ValueTask<string?> TownshipOfAsync(string lampId) =>
        _townships.Current.TryGetValue(lampId, out var township) ? township : (await _townships.ReloadIfDueAsync()).GetValueOrDefault(lampId);

    private static async Task<FrozenDictionary<string, string>> LoadAsync(IGrainFactory grains)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in await grains.GetGrain<ITownshipDirectoryGrain>(0).List())
            foreach (var lamp in await grains.GetGrain<ITownshipLampsGrain>(entry.Id).Get())
                map[lamp] = entry.Id;
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the lamp directory; lamps not known yet are refused until the next try")]
    private static partial void LogLoadFailed(ILogger logger, Exception error);
}
