namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// Checks a CONNECT's username and password; null refuses the connection. <c>from</c> is the client's address:
/// a person's wrong passwords count against that address (and that address and account), as on HTTP.
/// </summary>
public interface IMqttCredentials
{
    Task<MqttIdentity?> AuthenticateAsync(string? username, string? password, System.Net.IPAddress? from);

    /// <summary>Does the login a live session was opened with still hold (token not revoked, password unchanged, account enabled)?</summary>
    Task<bool> StillValidAsync(MqttIdentity identity);
}
