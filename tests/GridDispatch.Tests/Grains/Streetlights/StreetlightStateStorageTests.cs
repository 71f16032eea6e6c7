using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GridDispatch.Tests.Grains.Streetlights;

/// <summary>
/// A lamp's open alarms, errands to the desk, commands in flight and recent switches are kept only while there are any
/// (#22 goal 5). What is there must survive a save and a read as before, and what empties must read as empty.
/// </summary>
public sealed class StreetlightStateStorageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 18, 0, 0, TimeSpan.Zero);

    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(StreetlightState).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>();

    private static StreetlightState SavedAndRead(StreetlightState state) =>
        Serializer.Deserialize<StreetlightState>(Serializer.SerializeToArray(state)) ?? throw new InvalidOperationException("read nothing");

    [Fact]
    public void What_a_lamp_has_in_flight_is_read_back_after_a_save()
    {
        var state = new StreetlightState();
        var raised = state.Alarms.Raise("l1", FaultCode.LEAKAGE, Now)!;
        state.ToDesk(raised);
        state.Alarms.Observe("l1", FaultSet.None, Now, clearAfterReports: 3); // one report without it: counted, not cleared
        var (sent, _) = state.Commands.Issue(new LampCommand
        {
            CmdId = "", LampId = "l1", Township = "t", Type = LampCommandType.SetBrightness, Brightness = 50, IssuedBy = "op", IssuedAt = Now,
        }, Now);
        var limits = new FaultThresholds();
        state.Health.Record(new LampTelemetry { Timestamp = Now, On = true }, lastOn: false, burnHours: 0, limits);

        var read = SavedAndRead(state);

        Assert.Equal(raised.Alarm, Assert.Single(read.Alarms.Open.Values));
        Assert.Equal(raised, Assert.Single(read.Outbox));
        Assert.Equal(sent, Assert.Single(read.Commands.Pending));
        Assert.Equal(Now, Assert.Single(read.Health.Recent));
        // The report it was absent from is remembered: two more clear it.
        Assert.Empty(read.Alarms.Observe("l1", FaultSet.None, Now, clearAfterReports: 3));
        Assert.Equal(AlarmStatus.Cleared, Assert.Single(read.Alarms.Observe("l1", FaultSet.None, Now, clearAfterReports: 3)).Transition);
    }

    [Fact]
    public void What_emptied_reads_as_empty_and_fills_again()
    {
        var state = new StreetlightState();
        var raised = state.Alarms.Raise("l1", FaultCode.LEAKAGE, Now)!;
        state.ToDesk(raised);
        state.DeskConfirmed();
        state.Alarms.Clear(FaultCode.LEAKAGE, Now);
        var (sent, _) = state.Commands.Issue(new LampCommand
        {
            CmdId = "", LampId = "l1", Township = "t", Type = LampCommandType.SetBrightness, Brightness = 50, IssuedBy = "op", IssuedAt = Now,
        }, Now);
        state.Commands.Acknowledge(sent.CmdId, ok: true);

        var read = SavedAndRead(state);

        Assert.Empty(read.Alarms.Open);
        Assert.True(read.Alarms.OpenFaults.IsEmpty);
        Assert.Empty(read.Outbox);
        Assert.Empty(read.Commands.Pending);
        Assert.Equal(sent.CmdId, Assert.Single(read.Commands.Settled).CmdId);
        Assert.Single(read.Alarms.Recent);
        Assert.NotNull(read.Alarms.Raise("l1", FaultCode.LEAKAGE, Now));
        Assert.True(read.Alarms.OpenFaults.Contains(FaultCode.LEAKAGE));
    }
}
