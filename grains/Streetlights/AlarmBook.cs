using System.Collections.ObjectModel;

namespace GridDispatch.Grains.Streetlights;

/// <summary>
/// A lamp's open alarms and the bookkeeping that keeps them honest: a fault raises one alarm, and
/// repeats of it raise nothing; a derived fault clears only after it has been absent from several
/// consecutive reports (damping flapping); silence and device "restore" events clear at once.
/// </summary>
[GenerateSerializer, Alias("GridDispatch.Streetlights.AlarmBook")]
public sealed class AlarmBook
{
    // Null while empty, as most lamps' are most of the time: an empty dictionary is 80 bytes, in every lamp (#22 goal 5).
    [Id(0)] private Dictionary<FaultCode, Alarm>? _open;
    [Id(1)] private Dictionary<FaultCode, int>? _reportsAbsent;
    [Id(2)] public long Sequence { get; set; }
    /// <summary>The last <see cref="RecentKept"/> cleared alarms, newest first: the lamp drawer's alarm history.</summary>
    [Id(3)] public List<Alarm> Recent { get; set; } = [];

    /// <summary>Enough for the drawer's "what has this lamp done lately"; older ones are in the time series.</summary>
    public const int RecentKept = 10;

    /// <summary>The open alarms, by fault.</summary>
    public IReadOnlyDictionary<FaultCode, Alarm> Open => (IReadOnlyDictionary<FaultCode, Alarm>?)_open ?? ReadOnlyDictionary<FaultCode, Alarm>.Empty;

    public FaultSet OpenFaults => _open is null ? FaultSet.None : _open.Keys.Aggregate(FaultSet.None, (set, code) => set.With(code));

    /// <summary>Applies the faults one report shows. COMM_LOSS is never observed, only raised and cleared.</summary>
    public List<AlarmChange> Observe(string lampId, FaultSet present, DateTimeOffset now, int clearAfterReports) =>
        Observe(lampId, present, now, clearAfterReports, []);

    /// <summary>As above, appending to <paramref name="changes"/>; the common case (nothing open, nothing found) costs no allocation.</summary>
    public List<AlarmChange> Observe(string lampId, FaultSet present, DateTimeOffset now, int clearAfterReports, List<AlarmChange> changes)
    {
        if (present.IsEmpty && Open.Count == 0) return changes; // Open: also a state saved with an empty dictionary
        foreach (var code in FaultCodes.All)
        {
            if (code == FaultCode.COMM_LOSS) continue;
            if (present.Contains(code))
            {
                NotAbsent(code);
                if (Raise(lampId, code, now) is { } raised) changes.Add(raised);
            }
            else if (Open.ContainsKey(code))
            {
                var absent = (_reportsAbsent ??= [])[code] = _reportsAbsent.GetValueOrDefault(code) + 1;
                if (absent >= clearAfterReports && Clear(code, now) is { } cleared) changes.Add(cleared);
            }
        }

        return changes;
    }

    /// <summary>Raises an alarm for <paramref name="code"/> unless one is already open.</summary>
    public AlarmChange? Raise(string lampId, FaultCode code, DateTimeOffset now)
    {
        if (Open.ContainsKey(code)) return null;
        var alarm = new Alarm
        {
            AlarmId = $"{lampId}:{code}:{++Sequence}",
            LampId = lampId,
            Code = code,
            Severity = FaultCodes.SeverityOf(code),
            RaisedAt = now,
        };
        (_open ??= [])[code] = alarm;
        return new(alarm, AlarmStatus.Raised);
    }

    /// <summary>Clears the open alarm for <paramref name="code"/>, if any, at once.</summary>
    public AlarmChange? Clear(FaultCode code, DateTimeOffset now)
    {
        NotAbsent(code);
        if (_open is null || !_open.Remove(code, out var alarm)) return null;
        if (_open.Count == 0) _open = null;
        var cleared = alarm with { ClearedAt = now };
        Recent.Insert(0, cleared);
        if (Recent.Count > RecentKept) Recent.RemoveRange(RecentKept, Recent.Count - RecentKept);
        return new(cleared, AlarmStatus.Cleared);
    }

    /// <summary>Records who took the alarm on (接警). Unknown or already-cleared alarms: null.</summary>
    public AlarmChange? Acknowledge(string alarmId, string by, DateTimeOffset now, string? note = null)
    {
        var open = Open.Values.FirstOrDefault(a => a.AlarmId == alarmId);
        if (open is null || open.AcknowledgedAt is not null) return null;
        var acknowledged = open with { AcknowledgedAt = now, AcknowledgedBy = by, AcknowledgeNote = note };
        _open![open.Code] = acknowledged;
        return new(acknowledged, AlarmStatus.Acknowledged);
    }

    /// <summary>Marks a just-raised alarm as suppressed (the lamp is in maintenance): the same change, now saying so.</summary>
    public AlarmChange Suppress(AlarmChange raised)
    {
        if (!Open.TryGetValue(raised.Alarm.Code, out var open) || open.AlarmId != raised.Alarm.AlarmId) return raised;
        var suppressed = open with { Suppressed = true };
        _open![open.Code] = suppressed;
        return new(suppressed, AlarmStatus.Raised);
    }

    /// <summary>Maintenance is over: every suppressed alarm still open is raised again, for the desk and the screens.</summary>
    public List<AlarmChange> Restore()
    {
        var restored = new List<AlarmChange>();
        foreach (var alarm in Open.Values.Where(a => a.Suppressed).ToList())
        {
            var raised = _open![alarm.Code] = alarm with { Suppressed = false };
            restored.Add(new(raised, AlarmStatus.Raised));
        }

        return restored;
    }

    private void NotAbsent(FaultCode code)
    {
        if (_reportsAbsent is not null && _reportsAbsent.Remove(code) && _reportsAbsent.Count == 0) _reportsAbsent = null;
    }
}
