using GridDispatch.Grains.Streetlights;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// CONTRACTS.md's demo credentials, and only under <c>--demo</c>: a lamp connects as its own id with
/// password <c>demo</c> (the lamp must exist), the command centre as <c>admin</c>/<c>demo</c>.
/// Without the demo there is no credential store yet, so nobody connects: refused is the safe default.
/// </summary>
public sealed class DemoMqttCredentials(IGrainFactory grains, IOptions<DemoOptions> demo) : IMqttCredentials
{
    public const string Password = "demo";

    public async Task<MqttIdentity?> AuthenticateAsync(string? username, string? password)
    {
        if (!demo.Value.Enabled || password != Password || string.IsNullOrEmpty(username) || username.Length > 128) return null;
        if (username == "admin") return new MqttIdentity(IdentityKind.Admin, "admin", null);
        var lamp = await grains.GetGrain<IStreetlightGrain>(username).GetSnapshot();
        return lamp is null ? null : new MqttIdentity(IdentityKind.Lamp, lamp.LampId, lamp.Township);
    }
}
