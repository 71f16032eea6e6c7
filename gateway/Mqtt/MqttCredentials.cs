using System.Net;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Demo;
using GridDispatch.Identity;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// CONNECT's username and password: a lamp by its id and its device password (<see cref="DeviceKeys"/>,
/// or <c>demo</c> under <c>--demo</c>); a person by their account, with its password or a bearer token
/// from <c>/api/login</c>. A county account is the broker's admin. Anyone else is refused.
/// A lamp's password is checked before anything is looked up, and whether the lamp exists is answered by
/// the <see cref="LampDirectory"/>, whether an account exists by the <see cref="AccountDirectory"/>: a junk
/// username activates no grain and reads nothing from storage.
/// </summary>
public sealed class MqttCredentials(IGrainFactory grains, DeviceKeys devices, LampDirectory lamps, AccountDirectory accounts, SignIn signIn,
    AccessTokens tokens, CallerScopes scopes, IOptions<DemoOptions> demo, FailedLoginAudit failed)
    : IMqttCredentials
{
    public async Task<MqttIdentity?> AuthenticateAsync(string? username, string? password, IPAddress? from)
    {
        if (string.IsNullOrEmpty(username) || username.Length > 128 || string.IsNullOrEmpty(password) || password.Length > 128) return null;
        var lampPassword = demo.Value.Enabled && password == SignIn.DemoPassword || devices.Matches(username, password);
        if (lampPassword && await lamps.TownshipOfAsync(username) is { } township) return new MqttIdentity(IdentityKind.Lamp, username, township);
        if (lamps.IsKnown(username)) return null; // a lamp's id with a wrong password: never an account name

        var name = AccountNames.Normalize(username) ?? username.ToLowerInvariant();
        if (!await accounts.IsKnownAsync(name))
        {
            // No such account: refused as slowly as a wrong password, and without a grain or a storage read for the name.
            await Task.Run(() => PasswordHash.VerifyDummy(password));
            await failed.NoteAsync("MQTT", username, from);
            return null;
        }

        var (caller, login) = await Person(name, password, from);
        if (caller is null) await failed.NoteAsync("MQTT", username, from);
        return caller switch
        {
            null => null,
            { Role: AccountRole.County } => new MqttIdentity(IdentityKind.Admin, caller.Name, null, caller) { Login = login },
            _ => new MqttIdentity(IdentityKind.Person, caller.PersonId ?? caller.Name, caller.Townships?.FirstOrDefault(), caller) { Login = login },
        };
    }

    public async Task<bool> StillValidAsync(MqttIdentity identity)
    {
        switch (identity.Login)
        {
            case null: return true; // a lamp: its device key does not change under it
            case { Token: { } token } login: return await tokens.ResolveAsync(token) is { } caller && caller.Name == login.Account;
            case var login:
                var account = grains.GetGrain<IAccountGrain>(login.Account);
                return await account.GetGeneration() == login.Generation && await account.Get() is { Disabled: false };
        }
    }

    private async Task<(Caller?, PersonLogin?)> Person(string name, string password, IPAddress? from)
    {
        if (password.StartsWith(AccessTokens.Prefix, StringComparison.Ordinal))
            return await tokens.ResolveAsync(password) is { } byToken && byToken.Name == name ? (byToken, new PersonLogin(name, 0, password)) : (null, null);
        var result = await signIn.CheckAsync(name, password, from);
        if (result is not { Outcome: SignInOutcome.Ok, Profile: { } profile }) return (null, null);
        var generation = await grains.GetGrain<IAccountGrain>(profile.Name).GetGeneration();
        return (await scopes.ResolveAsync(profile), new PersonLogin(profile.Name, generation, null));
    }
}
