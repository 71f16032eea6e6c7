namespace GridDispatch.Grains.Common;

/// <summary>
/// The time the domain runs on: alarm timestamps, deadlines, silence. Separate from the runtime's
/// clock so scenario tests can run days of township life in virtual time without touching Orleans.
/// </summary>
public sealed class DomainClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();
}
