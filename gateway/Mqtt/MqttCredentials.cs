using GridDispatch.Gateway.Identity;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// CONNECT's username and password: a lamp by its id and its device password (<see cref="DeviceKeys"/>,
/// or <c>demo</c> under <c>--demo</c>); a person by their account, with its password or a bearer token
/// from <c>/api/login</c>. A county account is the broker's admin. Anyone else is refused.
/// </summary>
public sealed class MqttCredentials(IGrainFactory grains, DeviceKeys devices, SignIn signIn, AccessTokens tokens, CallerScopes scopes, IOptions<DemoOptions> demo)
    : IMqttCredentials
{
    public async Task<MqttIdentity?> AuthenticateAsync(string? username, string? password)
    {
        if (string.IsNullOrEmpty(username) || username.Length > 128 || string.IsNullOrEmpty(password) || password.Length > 128) return null;
        if (await grains.GetGrain<IStreetlightGrain>(username).GetSnapshot() is { } lamp)
        {
            var ok = demo.Value.Enabled && password == SignIn.DemoPassword || devices.Matches(lamp.LampId, password);
            return ok ? new MqttIdentity(IdentityKind.Lamp, lamp.LampId, lamp.Township) : null;
        }

        var caller = await Person(username.ToLowerInvariant(), password);
        return caller switch
        {
            null => null,
            { Role: AccountRole.County } => new MqttIdentity(IdentityKind.Admin, caller.Name, null, caller),
            _ => new MqttIdentity(IdentityKind.Person, caller.PersonId ?? caller.Name, caller.Townships?.FirstOrDefault(), caller),
        };
    }

    private async Task<Caller?> Person(string name, string password)
    {
        if (password.StartsWith(AccessTokens.Prefix, StringComparison.Ordinal))
            return await tokens.ResolveAsync(password) is { } byToken && byToken.Name == name ? byToken : null;
        var result = await signIn.CheckAsync(name, password, from: null); // CONNECT's address is not passed in here yet
        return result is { Outcome: SignInOutcome.Ok, Profile: { } profile } ? await scopes.ResolveAsync(profile) : null;
    }
}
