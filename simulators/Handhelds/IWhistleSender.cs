namespace GridDispatch.Simulators.Handhelds;

/// <summary>A whistle as a grid leader's handheld sends it (docs/INTERFACES.md: the same fields over gRPC, MQTT and HTTP).</summary>
public sealed record WhistleDraft(string Township, string Cell, string Leader, string Category, string Severity, string Text, string WhistleId);

/// <summary>Sends a whistle; true when the platform accepted it (acknowledged: durable).</summary>
public interface IWhistleSender : IAsyncDisposable
{
    Task<bool> SendAsync(WhistleDraft whistle, CancellationToken cancellationToken);
}
