namespace GridDispatch.Grains.Accounts;

/// <summary>One login, keyed by its name in lower case. Holds the password hash and counts failed sign-ins.</summary>
[Alias("GridDispatch.Accounts.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    Task<AccountProfile?> Get();

    /// <summary>Creates or updates the account; a null password keeps the current one. Returns a problem or null.</summary>
    Task<string?> Set(AccountProfile profile, string? password);

    /// <summary>
    /// Checks a password. <paramref name="demoPassword"/> is the demo's password while the demo is on (else null):
    /// a demo account accepts only that. After repeated failures the account is throttled for a while.
    /// </summary>
    Task<SignInResult> SignIn(string password, string? demoPassword);

    /// <summary>Bumped when the password changes or the account is disabled: tokens of older generations stop working.</summary>
    Task<int> GetGeneration();
}
