using GridDispatch.Grains.Topology;

namespace GridDispatch.Grains.Notifications;

/// <summary>A township's recipients with channels, by id, as its topology gives them.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Notifications.NotificationDirectory")]
public sealed record NotificationDirectory
{
    public static readonly NotificationDirectory Empty = new();

    /// <summary>A township's few hundred at most: looked up by a scan.</summary>
    [Id(0)] public IReadOnlyList<NotifyRecipient> Recipients { get; init; } = [];

    public NotifyRecipient? Find(string id) => Recipients.FirstOrDefault(r => r.Id == id);

    /// <summary>
    /// Everyone with a <c>notify</c> list: the cells' leaders and members, responders (a team's list is the team's
    /// own, e.g. its group robot) and departments. A person named twice keeps their first list.
    /// </summary>
    public static NotificationDirectory From(TownshipTopology township)
    {
        var recipients = new Dictionary<string, NotifyRecipient>(StringComparer.Ordinal);
        void Add(string id, string name, IReadOnlyList<NotifyTarget>? notify)
        {
            if (notify is { Count: > 0 } && !recipients.ContainsKey(id))
                recipients[id] = new NotifyRecipient(id, name, [.. notify.Select(n => new NotifyAddress(n.Channel, n.To))]);
        }

        void AddPerson(Person? person)
        {
            if (person is not null) Add(person.Id, person.Name, person.Notify);
        }

        foreach (var village in township.Villages)
        {
            AddPerson(village.Leader);
            foreach (var group in village.Groups)
            {
                AddPerson(group.Leader);
                foreach (var n in group.Neighbourhoods)
                {
                    AddPerson(n.Leader);
                    foreach (var member in n.Members) AddPerson(member);
                }
            }
        }

        foreach (var r in township.Responders) Add(r.Id, r.Name, r.Notify);
        foreach (var d in township.Departments) Add(d.Id, d.Name, d.Notify);
        return new NotificationDirectory { Recipients = [.. recipients.Values] };
    }
}
