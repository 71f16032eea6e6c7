using System.Collections.Frozen;
using GridDispatch.Grains.Accounts;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Gateway.Identity;

/// <summary>
/// Which account names exist, held in memory from <see cref="IAccountDirectoryGrain"/>. An MQTT CONNECT under a
/// name that is no account is refused from here, without activating an account grain or reading storage for
/// it. An unknown name reloads the list at most once per <see cref="RefreshEvery"/> (an account created since
/// is found then). Accounts from before the directory existed join it at their next HTTP sign-in.
/// </summary>
public sealed partial class AccountDirectory(IGrainFactory grains, TimeProvider time, ILogger<AccountDirectory> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private FrozenSet<string> _names = FrozenSet<string>.Empty;
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public async ValueTask<bool> IsKnownAsync(string name)
    {
        if (_names.Contains(name)) return true;
        if (time.GetUtcNow() - _loadedAt < RefreshEvery) return false;
        await _loading.WaitAsync();
        try
        {
            if (time.GetUtcNow() - _loadedAt >= RefreshEvery) await LoadAsync();
        }
        finally { _loading.Release(); }

        return _names.Contains(name);
    }

    /// <summary>Lists an account that signed in but is not listed yet (one created before the directory).</summary>
    public async Task NoteAsync(string name)
    {
        if (_names.Contains(name)) return;
        await grains.GetGrain<IAccountDirectoryGrain>(0).Add([name]);
        _loadedAt = DateTimeOffset.MinValue; // read again at the next unknown name
    }

    private async Task LoadAsync()
    {
        try
        {
            _names = (await grains.GetGrain<IAccountDirectoryGrain>(0).List()).ToFrozenSet(StringComparer.Ordinal);
        }
        catch (Exception error)
        {
            LogLoadFailed(error); // keep what we knew; try again after the interval
        }

        _loadedAt = time.GetUtcNow();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the account directory; names not known yet are refused on MQTT until the next try")]
    private partial void LogLoadFailed(Exception error);
}
