namespace GridDispatch.Gateway.Mqtt;

/// <summary>Checks a CONNECT's username and password; null refuses the connection.</summary>
public interface IMqttCredentials
{
    Task<MqttIdentity?> AuthenticateAsync(string? username, string? password);
}
