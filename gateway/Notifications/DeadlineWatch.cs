using System.Collections.Concurrent;
using GridDispatch.Grains.Incidents;

namespace GridDispatch.Gateway.Notifications;

/// <summary>
/// 即将超时: derived at the edge, since no event says a deadline is near (only <c>IncidentEscalated</c> once it is
/// missed). Each <see cref="IncidentChanged"/> tells the incident's holder and next deadline (响应 while it waits
/// for them, else 办结); <see cref="Due"/> gives those within <see cref="NotificationOptions.DeadlineWarning"/> of it.
/// In memory only: after a restart an incident is watched again from its next change.
/// </summary>
public sealed class DeadlineWatch
{
    public sealed record Watched(IncidentSnapshot Incident, string ResponderId, string Kind, DateTimeOffset Due);

    private readonly ConcurrentDictionary<string, Watched> _incidents = new(StringComparer.Ordinal);

    public int Count => _incidents.Count;

    public void Observe(IncidentChanged changed)
    {
        var incident = changed.Incident;
        var (kind, due) = incident.RespondBy is { } respond ? ("响应", respond) : incident.ResolveBy is { } resolve ? ("办结", resolve) : ("", default(DateTimeOffset?));
        if (incident.Status.IsOpen() && incident.ResponderId is { } holder && due is { } at)
            _incidents[incident.Id] = new Watched(incident, holder, kind, at);
        else
            _incidents.TryRemove(incident.Id, out _);
    }

    /// <summary>Those whose deadline is within <paramref name="warning"/> of <paramref name="now"/> and not yet past; each is then forgotten until it changes.</summary>
    public IReadOnlyList<Watched> Due(DateTimeOffset now, TimeSpan warning)
    {
        var due = _incidents.Values.Where(w => w.Due > now && w.Due - now <= warning).ToList();
        foreach (var w in due) _incidents.TryRemove(new KeyValuePair<string, Watched>(w.Incident.Id, w));
        return due;
    }
}
