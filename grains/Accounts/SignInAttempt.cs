namespace GridDispatch.Grains.Accounts;

/// <summary>
/// One try at a password. <see cref="Address"/> is where it came from (an IP address or prefix, "unknown"
/// when the protocol gives none); <see cref="AddressRetryAfter"/> is non-zero when that address is
/// throttled across all accounts (<see cref="ISignInAddressGrain"/>) — an address this account has
/// signed in from before is let through anyway.
/// </summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Accounts.SignInAttempt")]
public sealed record SignInAttempt(
    [property: Id(0)] string Password,
    [property: Id(1)] string? DemoPassword,
    [property: Id(2)] string Address,
    [property: Id(3)] TimeSpan AddressRetryAfter = default);
