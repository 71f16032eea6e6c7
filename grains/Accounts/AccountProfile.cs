namespace GridDispatch.Grains.Accounts;

/// <summary>
/// A login (账号): who it is and how far it reaches. The scope is named, not listed: a leader's or a
/// village's cells are read from the township's grid tree when the person signs in, so a topology
/// re-import moves them with it.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Accounts.AccountProfile")]
public sealed record AccountProfile
{
    /// <summary>The login name; also the grain key (lower case).</summary>
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string DisplayName { get; init; }
    [Id(2)] public required AccountRole Role { get; init; }
    /// <summary>The township for every role but <see cref="AccountRole.County"/>.</summary>
    [Id(3)] public string? Township { get; init; }
    /// <summary>A village user's village cell id.</summary>
    [Id(4)] public string? Village { get; init; }
    /// <summary>The person in the topology: a grid leader's or responder's id.</summary>
    [Id(5)] public string? PersonId { get; init; }
    /// <summary>A demo login: its password is the demo's, valid only while the demo is on.</summary>
    [Id(6)] public bool Demo { get; init; }
    [Id(7)] public bool Disabled { get; init; }

    /// <summary>Why this profile cannot be saved, or null.</summary>
    public string? Problem() => this switch
    {
        { Name.Length: 0 or > 64 } => "name must be 1-64 characters",
        { Role: not AccountRole.County, Township: null or "" } => "township is required for this role",
        { Role: AccountRole.Village, Village: null or "" } => "village is required for a village account",
        { Role: AccountRole.Leader or AccountRole.Responder, PersonId: null or "" } => "personId is required for a leader or responder",
        _ => null,
    };
}
