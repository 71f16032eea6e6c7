namespace GridDispatch.Grains.Streetlights;

/// <summary>The lamp drawer's read (<see cref="LampLog"/>): nothing here changes the lamp.</summary>
public sealed partial class StreetlightGrain
{
    public Task<LampLog?> GetLog() => Task.FromResult(S.Profile is null ? null : new LampLog
    {
        Last = S.Last?.ToTelemetry(),
        Alarms = [.. S.Alarms.Open.Values.OrderByDescending(a => a.RaisedAt), .. S.Alarms.Recent],
        Commands = [.. S.Commands.Pending.OrderByDescending(c => c.IssuedAt), .. S.Commands.Settled],
    });
}
