using GridDispatch.Grains.Common;

namespace GridDispatch.Grains.Accounts;

public sealed class AccountGrain([PersistentState("account")] IPersistentState<AccountState> state, DomainClock clock) : Grain, IAccountGrain
{
    /// <summary>Failures allowed within <see cref="FailureWindow"/> before the account is throttled for <see cref="LockFor"/>.</summary>
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(1);

    // Kept in memory only: a restart forgives, but a guesser cannot restart the server.
    private readonly Queue<DateTimeOffset> _failures = new();
    private DateTimeOffset _lockedUntil;

    private AccountState S => state.State;

    public Task<AccountProfile?> Get() => Task.FromResult(S.Profile);

    public Task<int> GetGeneration() => Task.FromResult(S.Generation);

    public async Task<string?> Set(AccountProfile profile, string? password)
    {
        if (profile.Problem() is { } problem) return problem;
        if (!string.Equals(profile.Name, this.GetPrimaryKeyString(), StringComparison.Ordinal)) return "the account name does not match its key";
        if (password is not null)
        {
            if (password.Length is < 8 or > 128 && !profile.Demo) return "a password has 8 to 128 characters";
            S.PasswordHash = profile.Demo ? null : PasswordHash.Create(password);
            S.Generation++;
        }
        else if (profile.Disabled && S.Profile is { Disabled: false })
        {
            S.Generation++;
        }

        S.Profile = profile;
        await state.WriteStateAsync();
        return null;
    }

    public Task<SignInResult> SignIn(string password, string? demoPassword)
    {
        var now = clock.Now;
        if (S.Profile is not { } profile) return Task.FromResult(new SignInResult(SignInOutcome.WrongPassword, null));
        if (now < _lockedUntil) return Task.FromResult(new SignInResult(SignInOutcome.Throttled, null, _lockedUntil - now));
        if (profile.Disabled) return Task.FromResult(new SignInResult(SignInOutcome.Disabled, null));

        var ok = profile.Demo
            ? demoPassword is not null && password == demoPassword
            : PasswordHash.Verify(password, S.PasswordHash);
        if (ok)
        {
            _failures.Clear();
            return Task.FromResult(new SignInResult(SignInOutcome.Ok, profile));
        }

        while (_failures.TryPeek(out var oldest) && now - oldest > FailureWindow) _failures.Dequeue();
        _failures.Enqueue(now);
        if (_failures.Count >= MaxFailures)
        {
            _lockedUntil = now + LockFor;
            _failures.Clear();
        }

        return Task.FromResult(new SignInResult(SignInOutcome.WrongPassword, null));
    }
}
