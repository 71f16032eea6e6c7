using GridDispatch.Grains.Accounts;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Identity;

/// <summary>Name and password to an account, for every entry point that takes a password (HTTP login, MQTT CONNECT).</summary>
public sealed class SignIn(IGrainFactory grains, IOptions<DemoOptions> demo)
{
    public const string DemoPassword = "demo";

    public async Task<SignInResult> CheckAsync(string? name, string? password)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || string.IsNullOrEmpty(password) || password.Length > 128)
            return new SignInResult(SignInOutcome.WrongPassword, null);
        return await grains.GetGrain<IAccountGrain>(name.ToLowerInvariant()).SignIn(password, demo.Value.Enabled ? DemoPassword : null);
    }
}
