using GridDispatch.Grains.Audit;

namespace GridDispatch.Gateway.Audit;

/// <summary>The audit log in per-township, per-day grains (<see cref="IAuditDayGrain"/>).</summary>
public sealed class GrainAuditTrail(IGrainFactory grains) : IAuditTrail
{
    public async Task RecordAsync(AuditEntry entry)
    {
        await grains.GetGrain<IAuditDayGrain>(AuditDays.Key(entry.Township, AuditDays.DayOf(entry.At))).Append(entry);
        AuditMetrics.Recorded.Add(1, new KeyValuePair<string, object?>("kind", entry.Kind));
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query)
    {
        var days = AuditDays.Between(query.From, query.To).ToList();
        var reads = query.Townships.SelectMany(t => days.Select(d => grains.GetGrain<IAuditDayGrain>(AuditDays.Key(t, d)).Read()));
        var all = await Task.WhenAll(reads);
        return [.. all.SelectMany(e => e)
            .Where(e => e.At >= query.From && e.At <= query.To)
            .Where(e => query.Actor is null || string.Equals(e.Actor, query.Actor, StringComparison.OrdinalIgnoreCase))
            .Where(e => query.Kind is null || e.Kind.StartsWith(query.Kind, StringComparison.Ordinal))
            .OrderByDescending(e => e.At)
            .Take(query.Limit)];
    }
}
