using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Open311;

/// <summary>The per-key limit on new service requests (see <see cref="Open311Limits"/>); the per-address one is ASP.NET Core's rate limiter.</summary>
public sealed class Open311KeyLimiter(IOptions<Open311Limits> limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(keyId =>
        RateLimitPartition.GetTokenBucketLimiter(keyId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Value.Burst, TokensPerPeriod = limits.Value.PerMinute, ReplenishmentPeriod = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    /// <summary>Null if the key may file one more now, else how long to wait.</summary>
    public TimeSpan? TryTake(string keyId)
    {
        using var lease = _limiter.AttemptAcquire(keyId);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
