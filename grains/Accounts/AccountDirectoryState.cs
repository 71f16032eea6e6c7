namespace GridDispatch.Grains.Accounts;

[GenerateSerializer, Alias("GridDispatch.Accounts.AccountDirectoryState")]
public sealed class AccountDirectoryState
{
    [Id(0)] public HashSet<string> Names { get; set; } = new(StringComparer.Ordinal);
}
