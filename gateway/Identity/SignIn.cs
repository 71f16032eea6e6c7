using System.Diagnostics.Metrics;
using System.Net;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Demo;
using Microsoft.Extensions.Options;

namespace GridDispatch.Identity;

/// <summary>
/// Name and password to an account, for every entry point that takes a password (HTTP login, MQTT CONNECT).
/// Failures are counted per address across all accounts (<see cref="ISignInAddressGrain"/>) and per
/// address for each account (<see cref="IAccountGrain"/>): a stranger's wrong passwords slow down the
/// stranger, never the account's owner at an address they signed in from before.
/// </summary>
public sealed class SignIn(IGrainFactory grains, AccountDirectory directory, IOptions<DemoOptions> demo)
{
    public const string DemoPassword = "demo";
    public const int MaxPasswordLength = 128;

    /// <summary>The rate-limiter policy on the login endpoint: sign-ins per client address per minute.</summary>
    public const string LoginRateLimit = "login";

    private static readonly Meter Meter = new("GridDispatch.Identity");
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("griddispatch.signins", "{attempt}", "Password sign-ins by outcome");

    /// <param name="from">The caller's address; null when the protocol does not give one (its failures are then counted together).</param>
    public async Task<SignInResult> CheckAsync(string? name, string? password, IPAddress? from)
    {
        var address = grains.GetGrain<ISignInAddressGrain>(SignInAddress.Of(from));
        var retryAfter = await address.RetryAfter();
        var account = AccountNames.Normalize(name);
        if (account is null || string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            // A throttled address gets no more hashing out of us for names that cannot exist.
            if (retryAfter > TimeSpan.Zero) return Count(new SignInResult(SignInOutcome.Throttled, null, retryAfter));
            // As slow as a real check, so a refused name tells nothing about which names exist.
            if (!string.IsNullOrEmpty(password)) await Task.Run(() => PasswordHash.VerifyDummy(password));
            await address.Failed();
            return Count(new SignInResult(SignInOutcome.WrongPassword, null));
        }

        var result = await grains.GetGrain<IAccountGrain>(account)
            .SignIn(new SignInAttempt(password, demo.Value.Enabled ? DemoPassword : null, SignInAddress.Of(from), retryAfter));
        if (result.Outcome == SignInOutcome.WrongPassword) await address.Failed();
        if (result.Outcome == SignInOutcome.Ok) await directory.NoteAsync(account);
        return Count(result);
    }

    private static SignInResult Count(SignInResult result)
    {
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", result.Outcome.ToString().ToLowerInvariant()));
        return result;
    }
}
