namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// A lamp's commands in flight. A newer command of the same type supersedes a pending one; an
/// unacknowledged command is re-sent when the lamp next speaks after <see cref="RetryAfter"/>
/// (so no timer per lamp), and given up after <see cref="MaxAttempts"/>.
/// </summary>
[GenerateSerializer, Alias("GridDispatch.Streetlights.LampCommandBook")]
public sealed class LampCommandBook
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);
    public const int MaxAttempts = 3;

    // Null while none is in flight, as for most lamps nearly always: an empty list in every lamp is memory for nothing (#22 goal 5).
    [Id(0)] private List<LampCommand>? _pending;

    /// <summary>The commands sent and not yet answered, oldest first.</summary>
    public IReadOnlyList<LampCommand> Pending => _pending ?? [];
    [Id(1)] public long Sequence { get; set; }
    /// <summary>The last <see cref="SettledKept"/> commands that ended (acknowledged, refused, superseded, failed), newest first.</summary>
    [Id(2)] public List<LampCommand> Settled { get; set; } = [];

    public const int SettledKept = 10;

    /// <summary>
    /// Queues <paramref name="command"/>; returns it as sent and any command it superseded. A <paramref name="held"/>
    /// command (for a lamp known offline) is not sent now and uses no attempt: the lamp's next message sends it.
    /// </summary>
    public (LampCommand Sent, LampCommand? Superseded) Issue(LampCommand command, DateTimeOffset now, bool held = false)
    {
        var superseded = Pending.FirstOrDefault(c => c.Type == command.Type);
        if (superseded is not null) Remove(superseded);
        var sent = command with
        {
            CmdId = $"{command.LampId}-c{++Sequence}", LastSentAt = held ? DateTimeOffset.MinValue : now, Attempts = held ? 0 : 1, Status = LampCommandStatus.Pending,
        };
        (_pending ??= []).Add(sent);
        return (sent, superseded is null ? null : Keep(superseded with { Status = LampCommandStatus.Superseded }));
    }

    /// <summary>Withdraws the pending commands that a newer command of another type makes moot; returns them as superseded.</summary>
    public List<LampCommand> Withdraw(Func<LampCommand, bool> moot)
    {
        var withdrawn = Pending.Where(moot).ToList();
        foreach (var command in withdrawn) Remove(command);
        return [.. withdrawn.Select(c => Keep(c with { Status = LampCommandStatus.Superseded }))];
    }

    /// <summary>Settles a command the lamp answered; null if unknown (late, duplicate or someone else's).</summary>
    public LampCommand? Acknowledge(string cmdId, bool ok)
    {
        var command = Pending.FirstOrDefault(c => c.CmdId == cmdId);
        if (command is null) return null;
        Remove(command);
        return Keep(command with { Status = ok ? LampCommandStatus.Acknowledged : LampCommandStatus.Refused });
    }

    /// <summary>The lamp is talking: re-send what is overdue, give up on what has had its attempts.</summary>
    public (List<LampCommand> Resend, List<LampCommand> GivenUp) Due(DateTimeOffset now)
    {
        List<LampCommand> resend = [], givenUp = [];
        if (_pending is null) return (resend, givenUp);
        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            var command = _pending[i];
            if (now - command.LastSentAt < RetryAfter) continue;
            if (command.Attempts >= MaxAttempts)
            {
                _pending.RemoveAt(i);
                givenUp.Add(Keep(command with { Status = LampCommandStatus.Failed }));
            }
            else
            {
                resend.Add(_pending[i] = command with { Attempts = command.Attempts + 1, LastSentAt = now });
            }
        }

        if (_pending.Count == 0) _pending = null;
        return (resend, givenUp);
    }

    private void Remove(LampCommand command)
    {
        _pending!.Remove(command);
        if (_pending.Count == 0) _pending = null;
    }

    private LampCommand Keep(LampCommand settled)
    {
        Settled.Insert(0, settled);
        if (Settled.Count > SettledKept) Settled.RemoveRange(SettledKept, Settled.Count - SettledKept);
        return settled;
    }
}
