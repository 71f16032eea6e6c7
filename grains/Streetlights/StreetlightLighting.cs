namespace GridDispatch.Grains.Streetlights;

/// <summary>A lamp's lighting program (<see cref="LampProgram"/>): sent once, run by the lamp itself, judged against.</summary>
public sealed partial class StreetlightGrain
{
    /// <summary>Most steps a lamp takes in one profile (docs/INTERFACES.md).</summary>
    public const int MaxProfileSteps = 12;

    public async Task<LampCommandResult> RunProgram(LampProgram program, string by)
    {
        if (S.Profile is null) return new LampCommandResult(null, $"no lamp {LampId}");
        if (program.Steps.Count is 0 or > MaxProfileSteps || program.Steps.Any(s => !s.IsValid) || TimeZoneInfo.TryFindSystemTimeZoneById(program.TimeZone, out _) is false)
            return new LampCommandResult(null, $"a program has 1 to {MaxProfileSteps} steps of HH:mm–HH:mm at 0–100 % and a known time zone");
        // Already acknowledged, or still pending (the command book re-sends it when the lamp next speaks): nothing to send.
        if (S.Lighting is { } running && running.Program.SameAs(program) && (running.Acknowledged || S.Commands.Pending.Any(c => c.CmdId == running.CmdId)))
            return new LampCommandResult(null, null);
        return await Send(LampCommandType.SetProfile, null, program.Steps, by, program);
    }

    /// <summary>
    /// Due to burn at <paramref name="at"/> (the energy baseline's hours): as the astronomical program says (any level above 0 %),
    /// else, without one (none sent, a manual command since, or switching by lux), from sunset to sunrise at the lamp.
    /// </summary>
    private bool ScheduledOn(DateTimeOffset at) =>
        S.Lighting?.Program is { SwitchLux: null } program && program.LevelAt(at) is { } level
            ? level > 0
            : LightingHours.IsDue(S.Profile!.Lat, S.Profile.Lon, at);

    public Task<LampProgram?> GetProgram() => Task.FromResult(S.Lighting?.Program);

    public Task<LampProfile?> GetProfile() => Task.FromResult(S.Profile);

    /// <summary>The lamp answered the program's command: acknowledged, it is never sent again; refused, the next run sends it again.</summary>
    private void ProgramSettled(LampCommand settled)
    {
        if (S.Lighting is { } running && running.CmdId == settled.CmdId && settled.Status == LampCommandStatus.Acknowledged)
            S.Lighting = running with { Acknowledged = true };
    }
}

/// <summary>The program a lamp was sent, by which command, and whether the lamp has acknowledged it.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Streetlights.RunningProgram")]
public sealed record RunningProgram([property: Id(0)] LampProgram Program, [property: Id(1)] string CmdId, [property: Id(2)] bool Acknowledged);
