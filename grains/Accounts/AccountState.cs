namespace GridDispatch.Grains.Accounts;

[GenerateSerializer, Alias("GridDispatch.Accounts.AccountState")]
public sealed class AccountState
{
    [Id(0)] public AccountProfile? Profile { get; set; }
    [Id(1)] public string? PasswordHash { get; set; }
    [Id(2)] public int Generation { get; set; }
    /// <summary>Addresses this account signed in from (the most recent few): they get through while strangers are throttled.</summary>
    [Id(3)] public List<string> KnownAddresses { get; set; } = [];
}
