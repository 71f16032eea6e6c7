namespace GridDispatch.Silo.Hosting;

/// <summary>
/// A gateway or dashboard started before its silos (or while they restart) keeps trying to reach the
/// cluster instead of exiting, so processes can be started in any order; /readyz says when it is through.
/// </summary>
public sealed partial class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogRetrying(exception.Message);
        try { await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken); }
        catch (OperationCanceledException) { return false; }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the Orleans cluster yet ({Reason}); retrying in 2 s")]
    private partial void LogRetrying(string reason);
}
