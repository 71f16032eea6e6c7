namespace GridDispatch.Grains.Accounts;

[GenerateSerializer]
public enum SignInOutcome { Ok, WrongPassword, Throttled, Disabled }

/// <summary>How a sign-in went; a throttled one says when to try again.</summary>
[GenerateSerializer, Immutable, Alias("GridDispatch.Accounts.SignInResult")]
public sealed record SignInResult(
    [property: Id(0)] SignInOutcome Outcome,
    [property: Id(1)] AccountProfile? Profile,
    [property: Id(2)] TimeSpan RetryAfter = default);
