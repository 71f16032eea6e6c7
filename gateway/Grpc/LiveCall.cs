using Grpc.Core;

namespace GridDispatch.Gateway.Grpc;

/// <summary>
/// A server stream's life: <see cref="Cancellation"/> ends when the client hangs up or its token is revoked;
/// after the stream's loop returns, <see cref="ThrowIfRevoked"/> ends the call with UNAUTHENTICATED.
/// </summary>
public sealed class LiveCall : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private IDisposable? _session;
    private volatile bool _revoked;

    public LiveCall(CancellationToken clientGone) => _cancellation = CancellationTokenSource.CreateLinkedTokenSource(clientGone);

    public CancellationToken Cancellation => _cancellation.Token;

    internal void Attach(IDisposable session) => _session = session;

    internal void Revoke()
    {
        _revoked = true;
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream already ended.
        }
    }

    public void ThrowIfRevoked()
    {
        if (_revoked) throw new RpcException(new Status(StatusCode.Unauthenticated, "the token was revoked"));
    }

    public void Dispose()
    {
        _session?.Dispose();
        _cancellation.Dispose();
    }
}
