namespace GridDispatch.Simulators.Handhelds;

/// <summary>How a simulated grid leader's handheld sends a whistle: over gRPC (the app) or MQTT (a 一键吹哨 button box).</summary>
public enum WhistleTransport
{
    Grpc,
    Mqtt,
}
