using Grpc.Core;
using Grpc.Net.Client;
using GridDispatch.Gateway.Grpc.V1;

namespace GridDispatch.Simulators.Handhelds;

/// <summary>The handheld app: <c>Whistle.Blow</c> over gRPC with the leader's bearer token.</summary>
public sealed class GrpcWhistleSender(GrpcChannel channel, Func<string, string> tokenFor) : IWhistleSender
{
    private readonly Whistle.WhistleClient _client = new(channel);

    public async Task<bool> SendAsync(WhistleDraft w, CancellationToken cancellationToken)
    {
        try
        {
            await _client.BlowAsync(new BlowRequest
            {
                Township = w.Township, CellId = w.Cell, WhistleId = w.WhistleId, By = w.Leader, Category = w.Category, Severity = w.Severity, Text = w.Text,
            }, new Metadata { { "authorization", $"Bearer {tokenFor(w.Leader)}" } }, cancellationToken: cancellationToken);
            return true;
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
