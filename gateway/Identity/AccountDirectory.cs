using System.Collections.Frozen;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Common;
using Microsoft.Extensions.Logging;

namespace GridDispatch.Identity;

/// <summary>
/// Which account names exist, held in memory from <see cref="IAccountDirectoryGrain"/>. An MQTT CONNECT under a
/// name that is no account is refused from here, without activating an account grain or reading storage for
/// it. An unknown name reloads the list at most once per <see cref="RefreshEvery"/> (an account created since
/// is found then). Accounts from before the directory existed join it at their next HTTP sign-in.
/// </summary>
public sealed partial class AccountDirectory
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private readonly IGrainFactory _grains;
    private readonly ReloadingSnapshot<FrozenSet<string>> _names;

    public AccountDirectory(IGrainFactory grains, TimeProvider time, ILogger<AccountDirectory> logger)
    {
        _grains = grains;
        _names = new(async () => (await grains.GetGrain<IAccountDirectoryGrain>(0).List()).ToFrozenSet(StringComparer.Ordinal),
            FrozenSet<string>.Empty, RefreshEvery, time, error => LogLoadFailed(logger, error));
    }

    public async ValueTask<bool> IsKnownAsync(string name) => _names.Current.Contains(name) || (await _names.ReloadIfDueAsync()).Contains(name);

    /// <summary>Lists an account that signed in but is not listed yet (one created before the directory).</summary>
    public async Task NoteAsync(string name)
    {
        if (_names.Current.Contains(name)) return;
        await _grains.GetGrain<IAccountDirectoryGrain>(0).Add([name]);
        _names.Expire();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the account directory; names not known yet are refused on MQTT until the next try")]
    private static partial void LogLoadFailed(ILogger logger, Exception error);
}
