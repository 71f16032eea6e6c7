namespace GridDispatch.Gateway.Mqtt;

/// <summary>Checks a CONNECT's username and password; null refuses the connection.</summary>
public interface IMqttCredentials
{
    Task<MqttIdentity?> AuthenticateAsync(string? username, string? password);

    /// <summary>Does the login a live session was opened with still hold (token not revoked, password unchanged, account enabled)?</summary>
    Task<bool> StillValidAsync(MqttIdentity identity);
}
