using GridDispatch.Grains.Common;

namespace GridDispatch.Grains.Accounts;

public sealed class AccountGrain([PersistentState("account")] IPersistentState<AccountState> state, DomainClock clock) : Grain, IAccountGrain
{
    /// <summary>Wrong passwords allowed from one address within <see cref="FailureWindow"/> before that address waits.</summary>
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);
    /// <summary>The first wait; each further one from the same address doubles, up to <see cref="MaxLock"/>.</summary>
    public static readonly TimeSpan FirstLock = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxLock = TimeSpan.FromMinutes(15);
    /// <summary>
    /// Wrong passwords from all addresses within <see cref="FailureWindow"/> after which only addresses that
    /// signed in to this account before may try: a guesser with many addresses, never the owner, is kept out.
    /// </summary>
    public const int MaxFailuresFromEveryone = 50;
    private const int KnownAddressesKept = 16;
    private const int AddressesTracked = 10_000;

    // Kept in memory only: a restart forgives, but a guesser cannot restart the server.
    private readonly Dictionary<string, AddressFailures> _byAddress = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _everyone = new();

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
            // Off the grain's turn: hashing takes a few hundred milliseconds of CPU.
            S.PasswordHash = profile.Demo ? null : await Task.Run(() => PasswordHash.Create(password));
            S.Generation++;
        }
        else if (profile.Disabled && S.Profile is { Disabled: false })
        {
            S.Generation++;
        }

        var created = S.Profile is null;
        S.Profile = profile;
        await state.WriteStateAsync();
        if (created) await GrainFactory.GetGrain<IAccountDirectoryGrain>(0).Add([profile.Name]);
        return null;
    }

    public async Task<SignInResult> SignIn(SignInAttempt attempt)
    {
        var now = clock.Now;
        var known = S.KnownAddresses.Contains(attempt.Address);
        var failures = _byAddress.GetValueOrDefault(attempt.Address);
        if (failures is not null && now < failures.LockedUntil) return Throttled(failures.LockedUntil - now);
        if (!known)
        {
            if (attempt.AddressRetryAfter > TimeSpan.Zero) return Throttled(attempt.AddressRetryAfter);
            while (_everyone.TryPeek(out var oldest) && now - oldest > FailureWindow) _everyone.Dequeue();
            if (_everyone.Count >= MaxFailuresFromEveryone) return Throttled(_everyone.Peek() + FailureWindow - now);
        }

        // Grain state is read here, on the grain's turn; only the hashing runs on the thread pool.
        var (generation, stored) = (S.Generation, S.PasswordHash);
        var ok = S.Profile switch
        {
            null => await Task.Run(() => PasswordHash.VerifyDummy(attempt.Password)), // as slow as a wrong password
            { Demo: true } => attempt.DemoPassword is not null && attempt.Password == attempt.DemoPassword,
            _ => await Task.Run(() => PasswordHash.Verify(attempt.Password, stored)),
        };
        // A password changed while this one was being checked: the old one opens nothing.
        if (ok && S.Generation == generation && S.Profile is { } profile)
        {
            _byAddress.Remove(attempt.Address);
            if (profile.Disabled) return new SignInResult(SignInOutcome.Disabled, null);
            await Remember(attempt, known);
            return new SignInResult(SignInOutcome.Ok, profile);
        }

        Failed(attempt.Address, failures, now);
        return new SignInResult(SignInOutcome.WrongPassword, null);
    }

    /// <summary>Keeps the address for next time, and re-hashes a password stored with fewer iterations than today's.</summary>
    private async Task Remember(SignInAttempt attempt, bool known)
    {
        var changed = false;
        if (PasswordHash.NeedsRehash(S.PasswordHash))
        {
            S.PasswordHash = await Task.Run(() => PasswordHash.Create(attempt.Password));
            changed = true;
        }

        if (!known)
        {
            S.KnownAddresses.Add(attempt.Address);
            if (S.KnownAddresses.Count > KnownAddressesKept) S.KnownAddresses.RemoveAt(0);
            changed = true;
        }
        else if (S.KnownAddresses[^1] != attempt.Address)
        {
            S.KnownAddresses.Remove(attempt.Address); // most recent last, kept in memory until the next write
            S.KnownAddresses.Add(attempt.Address);
        }

        if (changed) await state.WriteStateAsync();
    }

    private void Failed(string address, AddressFailures? failures, DateTimeOffset now)
    {
        _everyone.Enqueue(now);
        if (_everyone.Count > MaxFailuresFromEveryone) _everyone.Dequeue();
        if (failures is null)
        {
            if (_byAddress.Count >= AddressesTracked) Forget(now);
            _byAddress[address] = failures = new AddressFailures();
        }

        failures.Record(now);
    }

    /// <summary>Drops addresses with nothing recent to hold against them; at worst the oldest one.</summary>
    private void Forget(DateTimeOffset now)
    {
        var stale = _byAddress.Where(a => a.Value.IsStale(now)).Select(a => a.Key).ToList();
        if (stale.Count == 0) stale.Add(_byAddress.MinBy(a => a.Value.Last).Key);
        foreach (var address in stale) _byAddress.Remove(address);
    }

    private static SignInResult Throttled(TimeSpan retryAfter) => new(SignInOutcome.Throttled, null, retryAfter);

    /// <summary>One address's recent wrong passwords for this account, and how long it waits.</summary>
    private sealed class AddressFailures
    {
        private readonly Queue<DateTimeOffset> _recent = new();
        private int _locks;

        public DateTimeOffset LockedUntil { get; private set; }

        public DateTimeOffset Last { get; private set; }

        public void Record(DateTimeOffset now)
        {
            // A long quiet spell starts the back-off over.
            if (now - Last > FailureWindow + MaxLock) _locks = 0;
            Last = now;
            while (_recent.TryPeek(out var oldest) && now - oldest > FailureWindow) _recent.Dequeue();
            _recent.Enqueue(now);
            if (_recent.Count < MaxFailures) return;
            var wait = FirstLock * Math.Pow(2, Math.Min(_locks, 10));
            LockedUntil = now + (wait < MaxLock ? wait : MaxLock);
            _locks++;
            _recent.Clear();
        }

        public bool IsStale(DateTimeOffset now) => now >= LockedUntil && now - Last > FailureWindow;
    }
}
