using GridDispatch.Grains.Lighting;
using GridDispatch.Grains.Streetlights;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Grains.Lighting;

/// <summary>群控 on the virtual-time cluster: parts sent, held for offline lamps until they speak, acknowledged once, counted.</summary>
[Collection(LightingCluster.Name)]
public sealed class GroupCommandTests(DomainClusterFixture f)
{
    private IStreetlightGrain Lamp(string id) => f.Grains.GetGrain<IStreetlightGrain>(id);

    private async Task Acknowledge(string lampId)
    {
        var issued = await f.Events.WaitFor<LampCommandIssued>(e => e.Command.LampId == lampId && e.Command.Group is not null);
        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(lampId).CommandAcknowledged(issued.Command.CmdId, ok: true));
    }

    [Fact]
    public async Task A_village_command_reaches_offline_lamps_when_they_reconnect_and_is_never_sent_twice_to_a_lamp_that_acknowledged()
    {
        var (township, lamps) = await LightingCluster.NewTownship(f);
        var village = lamps.Where(l => l.Cell.StartsWith("v1", StringComparison.Ordinal)).Select(l => l.Id).ToList(); // eight lamps
        var offline = village.Take(2).ToList();
        // The clock jumped to noon: every lamp speaks (ending the silence the jump caused), then two drop off.
        foreach (var lamp in lamps) await Lamp(lamp.Id).ReportConnection(online: true, f.Clock.GetUtcNow());
        foreach (var lamp in offline) await Lamp(lamp).ReportConnection(online: false, f.Clock.GetUtcNow());
        var command = f.Grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(township, "g1"));

        var (started, error) = await command.Start(new GroupCommandRequest { Target = GroupTarget.Village, TargetId = "v1", Action = GroupAction.Brightness, Brightness = 40 }, "command-centre");

        Assert.Null(error);
        Assert.Equal((8, 6, 2, 0), (started!.Total, started.Sent, started.Pending, started.Acknowledged));
        foreach (var lamp in village.Except(offline)) await Acknowledge(lamp);
        await Eventually.Holds(command.GetProgress, p => p!.Acknowledged == 6, what: "the six online lamps acknowledged");
        Assert.Empty(f.Events.All<LampCommandIssued>(e => offline.Contains(e.Command.LampId))); // held, not sent into the void

        // Asked again, nobody is sent anything; the offline lamps get their part when they reconnect.
        Assert.Equal(8, (await command.Start(new GroupCommandRequest { Target = GroupTarget.Township, Action = GroupAction.Off }, "x")).Progress!.Total);
        foreach (var lamp in offline) await Lamp(lamp).ReportConnection(online: true, f.Clock.GetUtcNow());
        foreach (var lamp in offline) await Acknowledge(lamp);

        var done = await Eventually.Holds(command.GetProgress, p => p!.Acknowledged == 8, what: "every lamp acknowledged");
        Assert.Equal((100.0, 0, 0), (done!.Percent, done.Pending, done.Sent));
        Assert.NotNull(done.FinishedAt);
        Assert.All(village, lamp => Assert.Single(f.Events.All<LampCommandIssued>(e => e.Command.LampId == lamp && e.Command.Group is not null)));
        var changed = await f.Events.WaitFor<GroupCommandChanged>(e => e.Progress.Id == "g1" && e.Progress.Township == township && e.Progress.Acknowledged == 8);
        Assert.Equal(40, changed.Progress.Request.Brightness);
        Assert.Equal(8, (await command.Refresh())!.Acknowledged); // asking the lamps again agrees
    }

    [Fact]
    public async Task A_part_lost_on_its_way_to_a_silent_online_lamp_is_sent_again_when_the_group_checks_on_it()
    {
        var (township, lamps) = await LightingCluster.NewTownship(f);
        foreach (var lamp in lamps) await Lamp(lamp.Id).ReportConnection(online: true, f.Clock.GetUtcNow());
        var (silent, quiet) = (lamps[0].Id, lamps[1].Id);
        await Lamp(quiet).ReportConnection(online: false, f.Clock.GetUtcNow());
        var command = f.Grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(township, "lost"));
        await command.Start(new GroupCommandRequest { Target = GroupTarget.Lamps, LampIds = [silent, quiet], Action = GroupAction.Off }, "x");
        var first = await f.Events.WaitFor<LampCommandIssued>(e => e.Command.LampId == silent && e.Command.Group is not null);

        // The command never reached the lamp (a full queue on the way), and the lamp says nothing: the group's check sends it again,
        // once it has been out a whole check's period, and only to a lamp that is online.
        await command.Refresh();
        Assert.Single(f.Events.All<LampCommandIssued>(e => e.Command.LampId == silent && e.Command.Group is not null));
        f.Clock.Advance(LampCommandBook.RetryAfter); // overdue for the lamp's own re-send, not yet for the group's
        await command.Refresh();
        Assert.Single(f.Events.All<LampCommandIssued>(e => e.Command.LampId == silent && e.Command.Group is not null));
        f.Clock.Advance(GroupCommandGrain.RefreshEvery - LampCommandBook.RetryAfter);
        await command.Refresh();
        var again = await f.Events.WaitFor<LampCommandIssued>(e => e.Command.LampId == silent && e.Command.Attempts == 2);

        Assert.Equal(first.Command.CmdId, again.Command.CmdId);
        Assert.Empty(f.Events.All<LampCommandIssued>(e => e.Command.LampId == quiet)); // offline: still held for when it speaks
        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(silent).CommandAcknowledged(again.Command.CmdId, ok: true));
        var progress = await Eventually.Holds(command.GetProgress, p => p!.Acknowledged == 1, what: "the re-sent part acknowledged");
        Assert.Equal(1, progress!.Pending);
    }

    [Fact]
    public async Task A_late_answer_settles_its_command_and_does_not_send_it_again()
    {
        var (_, lamps) = await LightingCluster.NewTownship(f);
        var lamp = lamps[0].Id;
        await Lamp(lamp).ReportConnection(online: true, f.Clock.GetUtcNow());
        var sent = (await Lamp(lamp).SetBrightness(40, "x")).Command!;

        // The answer comes after the re-send delay (a large command's commands wait their turn on the way out).
        f.Clock.Advance(LampCommandBook.RetryAfter * 2);
        Assert.Equal(TelemetryOutcome.Accepted, await Lamp(lamp).CommandAcknowledged(sent.CmdId, ok: true));

        Assert.Equal(LampCommandStatus.Acknowledged, (await f.Events.WaitFor<LampCommandSettled>(e => e.Command.CmdId == sent.CmdId)).Command.Status);
        Assert.Single(f.Events.All<LampCommandIssued>(e => e.Command.CmdId == sent.CmdId));
    }

    [Fact]
    public async Task Feeder_and_hand_picked_targets_cover_only_their_lamps_and_a_bad_command_is_refused()
    {
        var (township, lamps) = await LightingCluster.NewTownship(f);
        var feeder = f.Grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(township, "feeder"));
        var picked = f.Grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(township, "picked"));

        var onFeeder = (await feeder.Start(new GroupCommandRequest { Target = GroupTarget.Feeder, TargetId = lamps[^1].Feeder, Action = GroupAction.On }, "x")).Progress!;
        var hand = (await picked.Start(new GroupCommandRequest { Target = GroupTarget.Lamps, LampIds = [lamps[0].Id, lamps[1].Id, "elsewhere-L0001"], Action = GroupAction.Profile,
            Profile = [new DimmingStep("18:00", "23:00", 100), new DimmingStep("23:00", "06:00", 50)] }, "x")).Progress!;

        Assert.Equal(lamps.Count(l => l.Feeder == lamps[^1].Feeder), onFeeder.Total);
        Assert.Equal(2, hand.Total); // a lamp of another township is not this township's to command
        var refused = f.Grains.GetGrain<IGroupCommandGrain>(GroupCommandKeys.For(township, "bad"));
        Assert.Contains("brightness", (await refused.Start(new GroupCommandRequest { Target = GroupTarget.Township, Action = GroupAction.Brightness, Brightness = 140 }, "x")).Error);
        Assert.NotNull((await refused.Start(new GroupCommandRequest { Target = GroupTarget.Village, TargetId = "nowhere", Action = GroupAction.Off }, "x")).Error);
        Assert.Null(await refused.GetProgress());
    }
}
