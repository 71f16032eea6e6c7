using System.Threading.RateLimiting;

namespace GridDispatch.Dashboard.Hubs;

/// <summary>
/// <c>Watch</c> reads a whole screen (every lamp of a township, every township of a county): per account,
/// a burst of <see cref="Burst"/> and then one every <see cref="Every"/>, enough for screens that
/// reconnect or switch scope and too little to make the silo re-read the county in a loop.
/// </summary>
public sealed class WatchThrottle : IDisposable
{
    public const int Burst = 10;
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(3);

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetTokenBucketLimiter(account, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst, TokensPerPeriod = 1, ReplenishmentPeriod = Every, QueueLimit = 0, AutoReplenishment = true,
        }));

    /// <summary>True when <paramref name="account"/> may watch now.</summary>
    public bool TryAcquire(string account)
    {
        using var lease = _limiter.AttemptAcquire(account);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
