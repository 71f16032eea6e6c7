namespace GridDispatch.Grains.Topology;

/// <summary>
/// The state of one validation pass: the errors found so far, the ids seen so far, and the
/// checks every part of the file shares (ids, names, positions, people).
/// </summary>
internal sealed class ValidationContext
{
    private readonly List<TopologyError> errors = [];
    private readonly Dictionary<string, (string Name, string Path)> people = new(StringComparer.Ordinal);

    public IReadOnlyList<TopologyError> Errors => errors;

    /// <summary>Village, group and neighbourhood ids → where each was first declared.</summary>
    public Dictionary<string, string> Cells { get; } = new(StringComparer.Ordinal);

    public void Add(string path, string message) => errors.Add(new TopologyError(path, message));

    /// <summary>Checks an id's form; false when it is missing, so callers skip rules that need it.</summary>
    public bool CheckId(string path, string? id)
    {
        if (string.IsNullOrEmpty(id)) { Add(path, "is required"); return false; }
        if (TopologyIds.HasTopicSpecials(id))
            Add(path, $"'{id}' contains '/', '+' or '#', which MQTT reserves for topics and wildcards");
        else if (!TopologyIds.IsValidId(id))
            Add(path, $"'{id}' must match {TopologyIds.IdPattern} (ASCII letters, digits, '_', '.', '-'; at most 128)");
        return true;
    }

    /// <summary>Records an id in a registry; a second use is reported with the first one's path.</summary>
    public void CheckUnique(Dictionary<string, string> seen, string path, string? id, string what)
    {
        if (string.IsNullOrEmpty(id)) return;
        if (!seen.TryAdd(id, path)) Add(path, $"duplicate {what} id '{id}' (first declared at {seen[id]})");
    }

    public void CheckName(string path, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) Add(path, "must not be empty");
    }

    /// <summary>Optional text: absent is fine, present but blank is a mistake.</summary>
    public void CheckOptionalText(string path, string? text)
    {
        if (text is not null && string.IsNullOrWhiteSpace(text)) Add(path, "must not be blank when present");
    }

    public void CheckPhone(string path, string? phone)
    {
        if (phone is null) return;
        if (!Common.PhoneNumber.IsValid(phone)) Add(path, $"'{phone}' is not a phone number (digits, '+', '-', spaces)");
    }

    public void CheckGeo(string path, GeoPoint? point)
    {
        if (point is null) return;
        // Written so that NaN fails too.
        if (!(point.Lat >= -90 && point.Lat <= 90)) Add($"{path}.lat", $"{point.Lat} is outside [-90, 90]");
        if (!(point.Lon >= -180 && point.Lon <= 180)) Add($"{path}.lon", $"{point.Lon} is outside [-180, 180]");
    }

    public void CheckSkills(string path, IReadOnlyList<string>? skills)
    {
        if (skills is null) { Add(path, "must not be null"); return; }
        for (var i = 0; i < skills.Count; i++)
            if (!Skills.IsKnown(skills[i]))
                Add($"{path}[{i}]", $"unknown skill '{skills[i]}'; known: {string.Join(", ", Skills.All)}");
    }

    /// <summary>A person may hold several roles, but one id must always name the same person.</summary>
    public void CheckPerson(string path, Person? person)
    {
        if (person is null) return;
        var hasId = CheckId($"{path}.id", person.Id);
        CheckName($"{path}.name", person.Name);
        CheckPhone($"{path}.phone", person.Phone);
        CheckNotify($"{path}.notify", person.Notify);
        if (!hasId || string.IsNullOrWhiteSpace(person.Name)) return;
        if (!people.TryAdd(person.Id, (person.Name, path)) && people[person.Id].Name != person.Name)
            Add($"{path}.name", $"person '{person.Id}' is named '{person.Name}' here but '{people[person.Id].Name}' at {people[person.Id].Path}");
    }

    /// <summary>Channel names follow the id pattern (they key the configuration); a recipient, when given, is not blank.</summary>
    public void CheckNotify(string path, IReadOnlyList<NotifyTarget>? targets)
    {
        if (targets is null) return;
        foreach (var (target, at) in Items(path, targets))
        {
            CheckId($"{at}.channel", target.Channel);
            CheckOptionalText($"{at}.to", target.To);
        }
    }

    /// <summary>Null lists and null entries can come from code or from <c>[null]</c> in a file.</summary>
    public IEnumerable<(T Item, string Path)> Items<T>(string path, IReadOnlyList<T?>? list) where T : class
    {
        if (list is null) { Add(path, "must not be null"); yield break; }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is { } item) yield return (item, $"{path}[{i}]");
            else Add($"{path}[{i}]", "must not be null");
        }
    }
}
