namespace GridDispatch.Grains.Accounts;

/// <summary>One login, keyed by its name in canonical form. Holds the password hash and counts failed sign-ins per address.</summary>
[Alias("GridDispatch.Accounts.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    Task<AccountProfile?> Get();

    /// <summary>Creates or updates the account; a null password keeps the current one. Returns a problem or null.</summary>
    Task<string?> Set(AccountProfile profile, string? password);

    /// <summary>
    /// Checks a password. <see cref="SignInAttempt.DemoPassword"/> is the demo's password while the demo is on (else null):
    /// a demo account accepts only that. Repeated failures throttle that address for this account, never the account for everyone.
    /// </summary>
    Task<SignInResult> SignIn(SignInAttempt attempt);

    /// <summary>Bumped when the password changes or the account is disabled: tokens of older generations stop working.</summary>
    Task<int> GetGeneration();
}
