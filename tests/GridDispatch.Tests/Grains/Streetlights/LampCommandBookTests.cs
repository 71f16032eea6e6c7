using GridDispatch.Grains.Streetlights;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>The commands a lamp keeps for its drawer: those in flight, and the last ten that ended, however they ended.</summary>
public sealed class LampCommandBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 19, 0, 0, TimeSpan.FromHours(8));

    private static LampCommand Dim(int brightness, DateTimeOffset at) => new()
    {
        CmdId = "", LampId = "yimen-L0001", Township = "yimen", Type = LampCommandType.SetBrightness, Brightness = brightness, IssuedBy = "yimen", IssuedAt = at,
    };

    [Fact]
    public void Acknowledged_refused_superseded_and_given_up_commands_are_kept_newest_first_up_to_ten()
    {
        var book = new LampCommandBook();
        var (first, _) = book.Issue(Dim(40, T0), T0);
        var (second, superseded) = book.Issue(Dim(60, T0.AddSeconds(1)), T0.AddSeconds(1));
        Assert.Equal((first.CmdId, LampCommandStatus.Superseded), (superseded!.CmdId, superseded.Status));
        Assert.Equal(LampCommandStatus.Acknowledged, book.Acknowledge(second.CmdId, ok: true)!.Status);
        var (third, _) = book.Issue(Dim(0, T0.AddSeconds(2)), T0.AddSeconds(2));
        for (var at = T0.AddMinutes(1); book.Pending.Count > 0; at = at.AddMinutes(1)) book.Due(at);

        Assert.Equal([(third.CmdId, LampCommandStatus.Failed), (second.CmdId, LampCommandStatus.Acknowledged), (first.CmdId, LampCommandStatus.Superseded)],
            book.Settled.Select(c => (c.CmdId, c.Status)));

        for (var i = 0; i < 20; i++) book.Acknowledge(book.Issue(Dim(i, T0.AddHours(1)), T0.AddHours(1)).Sent.CmdId, ok: i % 2 == 0);
        Assert.Equal(LampCommandBook.SettledKept, book.Settled.Count);
        Assert.Equal(LampCommandStatus.Refused, book.Settled[0].Status); // the 20th (i = 19), refused by the lamp
    }
}
