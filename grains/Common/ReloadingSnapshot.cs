namespace GridDispatch.Grains.Common;

/// <summary>
/// A value read from the cluster and held in memory, for lookups an edge answers without a grain call (which
/// lamps and which accounts exist). A miss may reload it, at most once per interval, so a flood of unknown
/// names costs one read per interval, not one per name. A failed load keeps what was known.
/// </summary>
public sealed class ReloadingSnapshot<T>(Func<Task<T>> load, T empty, TimeSpan every, TimeProvider time, Action<Exception> loadFailed)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public T Current { get; private set; } = empty;

    /// <summary>The value, read again first if the last read is older than the interval.</summary>
    public async ValueTask<T> ReloadIfDueAsync()
    {
        if (time.GetUtcNow() - _loadedAt < every) return Current;
        await _loading.WaitAsync();
        try
        {
            if (time.GetUtcNow() - _loadedAt >= every)
            {
                try { Current = await load(); }
                catch (Exception error) { loadFailed(error); }
                _loadedAt = time.GetUtcNow();
            }
        }
        finally { _loading.Release(); }

        return Current;
    }

    /// <summary>The next miss reads again, whatever the interval (something was added meanwhile).</summary>
    public void Expire() => _loadedAt = DateTimeOffset.MinValue;
}
