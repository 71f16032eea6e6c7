namespace GridDispatch.Grains.Lighting;

/// <summary>What a schedule applies to; the narrowest scope that has one wins (lamp, feeder, street, village, township).</summary>
[GenerateSerializer]
public enum ScopeKind { Township, Village, Street, Feeder, Lamp }

/// <summary>A township's default (<see cref="ScopeKind.Township"/>, no id) or one village, street, feeder or lamp.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Lighting.ScheduleScope")]
public sealed record ScheduleScope([property: Id(0)] ScopeKind Kind, [property: Id(1)] string? Id = null)
{
    public static readonly ScheduleScope Township = new(ScopeKind.Township);

    /// <summary>Narrowest first: the order a lamp's schedule is looked up in.</summary>
    public static IEnumerable<ScheduleScope> Of(string lampId, string? feeder, string? street, string? village)
    {
        yield return new(ScopeKind.Lamp, lampId);
        if (feeder is not null) yield return new(ScopeKind.Feeder, feeder);
        if (street is not null) yield return new(ScopeKind.Street, street);
        if (village is not null) yield return new(ScopeKind.Village, village);
        yield return Township;
    }

    public string? Problem() =>
        !Enum.IsDefined(Kind) ? "scope is township, village, street, feeder or lamp"
        : Kind == ScopeKind.Township ? (Id is null ? null : "the township scope has no id")
        : string.IsNullOrWhiteSpace(Id) || Id.Length > 100 ? $"a {Kind.ToString().ToLowerInvariant()} scope needs an id" : null;

    public override string ToString() => Id is null ? Kind.ToString().ToLowerInvariant() : $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}
