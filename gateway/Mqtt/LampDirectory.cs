using System.Collections.Frozen;
using GridDispatch.Grains.Townships;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Which lamp ids exist, and in which township, held in memory from the townships' lamp lists. A CONNECT
/// under a name that is not a lamp is answered from here, without activating a grain for it. An unknown
/// name reloads the lists at most once per <see cref="RefreshEvery"/> (a lamp imported since is found then).
/// </summary>
public sealed partial class LampDirectory(IGrainFactory grains, TimeProvider time, ILogger<LampDirectory> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private FrozenDictionary<string, string> _townships = FrozenDictionary<string, string>.Empty;
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    /// <summary>Is this a lamp id, as far as the last load knows (no reload)?</summary>
    public bool IsKnown(string id) => _townships.ContainsKey(id);

    /// <summary>The lamp's township, or null if there is no such lamp.</summary>
    public async ValueTask<string?> TownshipOfAsync(string lampId)
    {
        if (_townships.TryGetValue(lampId, out var township)) return township;
        if (time.GetUtcNow() - _loadedAt < RefreshEvery) return null;
        await _loading.WaitAsync();
        try
        {
            if (time.GetUtcNow() - _loadedAt >= RefreshEvery) await LoadAsync();
        }
        finally { _loading.Release(); }

        return _townships.GetValueOrDefault(lampId);
    }

    private async Task LoadAsync()
    {
        try
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in await grains.GetGrain<ITownshipDirectoryGrain>(0).List())
                foreach (var lamp in await grains.GetGrain<ITownshipLampsGrain>(entry.Id).Get())
                    map[lamp] = entry.Id;
            _townships = map.ToFrozenDictionary(StringComparer.Ordinal);
        }
        catch (Exception error)
        {
            // The cluster is not reachable now: keep what we knew, try again after the interval.
            LogLoadFailed(error);
        }

        _loadedAt = time.GetUtcNow();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the lamp directory; lamps not known yet are refused until the next try")]
    private partial void LogLoadFailed(Exception error);
}
