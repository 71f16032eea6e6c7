namespace GridDispatch.Grains.Townships;

[GenerateSerializer, Immutable, Alias("GridDispatch.Townships.TownshipEntry")]
public sealed record TownshipEntry([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] string? County);

/// <summary>Every imported township, for county-wide screens and logins (one per installation, key 0).</summary>
[Alias("GridDispatch.Townships.ITownshipDirectoryGrain")]
public interface ITownshipDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Register")] Task Register(TownshipEntry entry);

    [Alias("List")] Task<IReadOnlyList<TownshipEntry>> List();
}
