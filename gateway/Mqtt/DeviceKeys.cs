using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Lamp passwords without a password table: each is derived from the installation's device secret
/// (<c>Mqtt:DeviceSecret</c>) and the lamp id, so provisioning a lamp needs only the secret's holder,
/// and the same passwords can be written into mosquitto's <c>password_file</c>.
/// </summary>
public sealed class DeviceKeys(IOptions<MqttOptions> options)
{
    public bool Enabled => !string.IsNullOrEmpty(options.Value.DeviceSecret);

    public string PasswordFor(string deviceId) => Derive(options.Value.DeviceSecret!, deviceId);

    public bool Matches(string deviceId, string? password) =>
        Enabled && password is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(PasswordFor(deviceId)), Encoding.UTF8.GetBytes(password));

    /// <summary>24 characters of base64url(HMAC-SHA256(secret, "griddispatch-device:" + id)).</summary>
    public static string Derive(string secret, string deviceId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("griddispatch-device:" + deviceId));
        return Convert.ToBase64String(mac).Replace('+', '-').Replace('/', '_')[..24];
    }
}
