namespace GridDispatch.Benchmarks;

/// <summary>
/// One load run, counted at each step a message takes: offered (the pace asked for; infinite when unpaced), sent
/// (PUBLISH packets written), acknowledged (PUBACKs), taken (delivered to a bare subscriber, or ingested into grains
/// by the gateway's own counter) and dropped (refused by the gateway, or dropped by the broker), over <see cref="Seconds"/>.
/// </summary>
public sealed record LoadFigures(double Seconds, double Offered, long Sent, long Acknowledged, long Taken, long Dropped = 0)
{
    public double SentPerSecond => Sent / Seconds;
    public double AcknowledgedPerSecond => Acknowledged / Seconds;
    public double TakenPerSecond => Taken / Seconds;

    /// <summary>Acknowledged but never taken (nor counted as dropped): lost on the way.</summary>
    public long Unaccounted => Math.Max(0, Acknowledged - Taken - Dropped);

    public string OfferedText => double.IsPositiveInfinity(Offered) ? "unpaced" : $"{Offered:N0}";
}
