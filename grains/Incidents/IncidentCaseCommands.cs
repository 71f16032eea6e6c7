using GridDispatch.Grains.Grid;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// The command centre's hand on an incident: 研判 (re-triage, level, merge), 分办 (assign, withdraw),
/// 协办 (co-handlers and their parts), 督办 (urge) and 回访 (call-back). The same rules as the rest of
/// the lifecycle: a refusal changes nothing; every change appends to the timeline.
/// </summary>
public sealed partial class IncidentCase
{
    /// <summary>Still in the command centre's hands: open, and not merged into another incident.</summary>
    private IncidentRefusal? Workable() =>
        Status.IsOpen() ? null : IncidentRefusal.WrongState($"cannot change an incident while {Status}");

    /// <summary>
    /// 研判: a new category, severity and/or owning level (升级/下放 by hand), all or nothing. Deadlines
    /// start again from now, as for a new report of that severity at that level.
    /// </summary>
    public IncidentRefusal? Retriage(string by, string? category, IncidentSeverity? severity, CellLevel? level, string? reason, IncidentPolicy policy, DateTimeOffset now)
    {
        if (Workable() is { } refused) return refused;
        if (category is not null && !CategorySkills.IsKnown(category)) return IncidentRefusal.Invalid($"unknown category '{category}'");
        if (severity is { } s && !Enum.IsDefined(s)) return IncidentRefusal.Invalid($"unknown severity {s}");
        if (level is { } l && !Enum.IsDefined(l)) return IncidentRefusal.Invalid($"unknown level {l}");
        var (newCategory, newSeverity, newLevel) = (category ?? Report!.Category, severity ?? Severity, level ?? Level);
        if (newCategory == Report!.Category && newSeverity == Severity && newLevel == Level) return IncidentRefusal.Invalid("nothing to change");

        if (newCategory != Report.Category || newSeverity != Severity)
        {
            var text = $"{Report.Category}/{Severity} → {newCategory}/{newSeverity}";
            Report = Report with { Category = newCategory, Severity = newSeverity };
            Severity = newSeverity;
            Append(TimelineKind.Retriaged, by, now, Reasoned(text, reason), Level);
        }

        if (newLevel != Level)
        {
            var up = newLevel < Level; // County is 0: a smaller value is a higher rung
            Level = newLevel;
            Append(TimelineKind.LevelChanged, by, now, Reasoned(up ? $"升级至{newLevel}" : $"下放至{newLevel}", reason), newLevel);
        }

        SetDeadlines(policy, now, respond: Status is IncidentStatus.Triaged or IncidentStatus.Dispatched);
        return null;
    }

    /// <summary>Whether this incident may be merged into another (checked before the master is asked).</summary>
    public IncidentRefusal? CanMergeInto(string selfId, string masterId)
    {
        if (Workable() is { } refused) return refused;
        if (masterId == selfId) return IncidentRefusal.Invalid("an incident cannot be merged into itself");
        return Duplicates.Count > 0 ? IncidentRefusal.WrongState("it is the master of other duplicates: merge those first") : null;
    }

    /// <summary>并案, on the duplicate: it leaves the lists and follows <paramref name="masterId"/>'s outcome.</summary>
    public IncidentRefusal? MergeInto(string selfId, string by, string masterId, string? masterNumber, string? reason, DateTimeOffset now)
    {
        if (CanMergeInto(selfId, masterId) is { } refused) return refused;
        MergedInto = masterId;
        Status = IncidentStatus.Merged;
        RespondBy = ResolveBy = null;
        Append(TimelineKind.MergedInto, by, now, Reasoned($"并入 {masterNumber ?? masterId}", reason));
        return null;
    }

    /// <summary>并案, on the master: records the duplicate and its reporter (idempotent).</summary>
    public IncidentRefusal? AcceptDuplicate(DuplicateReport duplicate, string by, DateTimeOffset now)
    {
        if (Duplicates.Any(d => d.IncidentId == duplicate.IncidentId)) return null;
        if (Workable() is { } refused) return refused;
        if (MergedInto is not null) return IncidentRefusal.WrongState($"it is itself merged into {MergedInto}");
        Duplicates.Add(duplicate);
        Append(TimelineKind.DuplicateMerged, by, now, $"{duplicate.Number ?? duplicate.IncidentId} 并入，报告人 {duplicate.ReportedBy}");
        return null;
    }

    /// <summary>The master settled: a merged duplicate takes its outcome. False if nothing changed (a repeat).</summary>
    public bool FollowMaster(string masterId, string? masterNumber, IncidentStatus status, int? satisfaction, string? note, DateTimeOffset now)
    {
        if (MergedInto != masterId || Status == status || Status.IsFinal()) return false;
        if (status is not (IncidentStatus.Resolved or IncidentStatus.Closed or IncidentStatus.Cancelled)) return false;
        Status = status;
        if (status == IncidentStatus.Closed) Satisfaction = satisfaction;
        Append(TimelineKind.FollowedMaster, "system", now, $"主件 {masterNumber ?? masterId}：{status}{(note is null ? "" : "，" + note)}");
        return true;
    }

    /// <summary>
    /// 分办 by hand: offers the incident to <paramref name="responderId"/>, taking it from whoever held it
    /// (改派). The one it leaves is not offered it again by the dispatcher; the operator may still choose them.
    /// </summary>
    public IncidentRefusal? Assign(string by, string responderId, string? reason, IncidentPolicy policy, DateTimeOffset now)
    {
        if (Workable() is { } refused) return refused;
        if (ResponderId == responderId) return IncidentRefusal.WrongState($"{responderId} already holds it");
        if (CoHandlers.TryGetValue(responderId, out var part) && part.Active) return IncidentRefusal.WrongState($"{responderId} co-handles it");
        if (ResponderId is { } previous) Tried.Add(previous);
        Tried.Remove(responderId);
        ResponderId = responderId;
        OfferedAt = now;
        Status = IncidentStatus.Dispatched;
        RespondBy ??= now + policy.For(Severity).Respond;
        Append(TimelineKind.Assigned, by, now, reason, responder: responderId);
        return null;
    }

    /// <summary>撤回: takes the order back from its holder; the dispatcher offers it to the next (never back to them).</summary>
    public IncidentRefusal? WithdrawByHand(string by, string? reason, DateTimeOffset now)
    {
        if (Workable() is { } refused) return refused;
        if (ResponderId is not { } holder) return IncidentRefusal.WrongState("nobody holds it");
        Tried.Add(holder);
        ResponderId = null;
        OfferedAt = null;
        Status = IncidentStatus.Triaged;
        Append(TimelineKind.Withdrawn, by, now, reason, responder: holder);
        return null;
    }

    /// <summary>协办: adds a co-handling responder (a department's duty officer, say) with its own work order.</summary>
    public IncidentRefusal? AddCoHandler(string by, string responderId, string? department, string? reason, DateTimeOffset now)
    {
        if (Workable() is { } refused) return refused;
        if (ResponderId == responderId) return IncidentRefusal.WrongState($"{responderId} leads it");
        if (CoHandlers.TryGetValue(responderId, out var known) && known.Active) return IncidentRefusal.WrongState($"{responderId} already co-handles it");
        CoHandlers[responderId] = new CoHandlingPart { ResponderId = responderId, Department = department, Status = PartStatus.Offered, OfferedAt = now, AddedBy = by };
        Append(TimelineKind.CoHandlerAdded, by, now, Reasoned(department is null ? "协办" : $"协办部门 {department}", reason), responder: responderId);
        return null;
    }

    /// <summary>A co-handler acting on its part (a former co-handler who now leads acts as the lead).</summary>
    public bool IsCoHandler(string responderId) => ResponderId != responderId && CoHandlers.ContainsKey(responderId);

    /// <summary>A co-handler's own step on its part: 接单, 到场, its part done (with a note), or declined.</summary>
    public IncidentRefusal? CoHandlerStep(string responderId, TimelineKind step, string? note, DateTimeOffset now)
    {
        if (!CoHandlers.TryGetValue(responderId, out var part) || !part.Active) return IncidentRefusal.NotTheirs(responderId);
        if (!Status.IsOpen()) return IncidentRefusal.WrongState($"cannot report a part while {Status}");
        var (to, kind) = step switch
        {
            TimelineKind.Acknowledged when part.Status == PartStatus.Offered => (PartStatus.Acknowledged, TimelineKind.CoHandlerAcknowledged),
            TimelineKind.Arrived when part.Status == PartStatus.Acknowledged => (PartStatus.OnSite, TimelineKind.CoHandlerArrived),
            TimelineKind.Resolved when part.Status is PartStatus.Acknowledged or PartStatus.OnSite => (PartStatus.Done, TimelineKind.CoHandlerDone),
            TimelineKind.Declined when part.Status == PartStatus.Offered => (PartStatus.Declined, TimelineKind.CoHandlerDeclined),
            _ => (part.Status, TimelineKind.Reported),
        };
        if (kind == TimelineKind.Reported) return IncidentRefusal.WrongState($"cannot go from {part.Status} to {step} on a co-handled part");
        CoHandlers[responderId] = part with { Status = to, UpdatedAt = now, Note = note ?? part.Note };
        Append(kind, responderId, now, note, responder: responderId);
        return null;
    }

    /// <summary>督办: urges the lead, or a named co-handler; counted on the incident.</summary>
    public IncidentRefusal? Urge(string by, string? responderId, string? note, DateTimeOffset now)
    {
        if (Workable() is { } refused) return refused;
        var target = responderId ?? ResponderId;
        if (target is null) return IncidentRefusal.WrongState("nobody holds it to urge: assign it first");
        if (target != ResponderId && !(CoHandlers.TryGetValue(target, out var part) && part.Active))
            return IncidentRefusal.Invalid($"{target} neither leads nor co-handles it");
        Urges++;
        Append(TimelineKind.Urged, by, now, note, responder: target);
        return null;
    }

    /// <summary>回访: the reporter was called after resolution (reached or not); 销号 follows.</summary>
    public IncidentRefusal? RecordCallBack(string by, bool reached, string? notes, DateTimeOffset now)
    {
        if (Status != IncidentStatus.Resolved) return IncidentRefusal.WrongState($"回访 follows resolution, not {Status}");
        LastCallBack = new CallBack { Reached = reached, Notes = notes, By = by, At = now };
        Append(TimelineKind.CalledBack, by, now, Reasoned(reached ? "已接通" : "未接通", notes));
        return null;
    }

    private static string Reasoned(string what, string? why) => string.IsNullOrWhiteSpace(why) ? what : $"{what}：{why}";
}
