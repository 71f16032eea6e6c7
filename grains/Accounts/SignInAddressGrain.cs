using GridDispatch.Grains.Common;

namespace GridDispatch.Grains.Accounts;

public sealed class SignInAddressGrain(DomainClock clock) : Grain, ISignInAddressGrain
{
    /// <summary>Wrong passwords allowed from one address, across all accounts, within <see cref="Window"/>.</summary>
    public const int MaxFailures = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Kept in memory only: a restart forgives, but a guesser cannot restart the server.
    private readonly Queue<DateTimeOffset> _failures = new();

    public Task<TimeSpan> RetryAfter()
    {
        var now = clock.Now;
        Trim(now);
        return Task.FromResult(_failures.Count < MaxFailures ? TimeSpan.Zero : _failures.Peek() + Window - now);
    }

    public Task Failed()
    {
        var now = clock.Now;
        Trim(now);
        _failures.Enqueue(now);
        if (_failures.Count > MaxFailures) _failures.Dequeue(); // enough to know it is throttled
        return Task.CompletedTask;
    }

    private void Trim(DateTimeOffset now)
    {
        while (_failures.TryPeek(out var oldest) && now - oldest > Window) _failures.Dequeue();
    }
}
