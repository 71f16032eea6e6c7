namespace GridDispatch.Grains.Streetlights;

/// <summary>A lamp's part in a group command (群控): sent once, held while the lamp is offline, its end told to the group.</summary>
public sealed partial class StreetlightGrain
{
    public async Task<LampCommandResult> RunGroupCommand(string group, LampCommandType type, int? brightness, IReadOnlyList<DimmingStep> profile, string by, bool emergency = false)
    {
        if (S.Profile is null) return new LampCommandResult(null, $"no lamp {LampId}");
        if (S.LastGroup == group) return new LampCommandResult(null, null); // the group asked again: the lamp has (or had) its part
        var problem = type switch
        {
            LampCommandType.SetBrightness when brightness is not (>= 0 and <= 100) => "brightness must be 0 to 100",
            LampCommandType.SetProfile when profile.Count is 0 or > MaxProfileSteps || profile.Any(s => !s.IsValid) => "a profile has 1 to 12 steps of HH:mm–HH:mm at 0–100 %",
            _ => null,
        };
        if (problem is not null) return new LampCommandResult(null, problem);
        (S.LastGroup, S.LastGroupStatus) = (group, null);
        return await Send(type, type == LampCommandType.SetBrightness ? brightness : null, type == LampCommandType.SetProfile ? profile : [], by, group: group, emergency: emergency);
    }

    /// <summary>Tells the group its lamp's part ended; a lost message is caught up by the group's own check of its pending lamps.</summary>
    private void TellGroup(LampCommand settled)
    {
        if (settled.Group is { } group && group == S.LastGroup) S.LastGroupStatus = settled.Status;
        if (settled.Group is { } told) GrainFactory.GetGrain<ILampCommandGroupGrain>(told).LampSettled(LampId, settled).Ignore();
    }

    /// <summary>
    /// The group checks on an open part: one sent at least <paramref name="olderThan"/> ago is re-sent now if the lamp is
    /// online. A command lost on its way (dropped by a full outbound queue or a subscriber's full broker queue) reaches a lamp
    /// that stays silent this way, not only when it next speaks; attempts count as for any re-send. The age is the group's to
    /// say: a large command's parts may still be on their way out well after the lamp's own 30 s.
    /// </summary>
    public Task<LampCommandStatus?> CheckGroupPart(string group, TimeSpan olderThan)
    {
        if (S.LastGroup == group && Online && S.Commands.Pending.Any(c => c.Group == group && clock.Now - c.LastSentAt >= olderThan)) RetryCommands();
        return GetGroupPart(group);
    }

    public Task<LampCommandStatus?> GetGroupPart(string group) => Task.FromResult<LampCommandStatus?>(
        S.LastGroup != group ? null : S.Commands.Pending.Any(c => c.Group == group) ? LampCommandStatus.Pending : S.LastGroupStatus);
}
