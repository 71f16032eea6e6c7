namespace GridDispatch.Grains.Accounts;

/// <summary>
/// One client address (IPv4, or an IPv6 /64), keyed by its text: wrong passwords from it across all
/// accounts, so one address cannot guess its way through many names. In memory only.
/// </summary>
[Alias("GridDispatch.Accounts.ISignInAddressGrain")]
public interface ISignInAddressGrain : IGrainWithStringKey
{
    /// <summary>Zero, or how long this address must wait before another try at an account it has never signed in to.</summary>
    [Alias("RetryAfter")] Task<TimeSpan> RetryAfter();

    [Alias("Failed")] Task Failed();
}
