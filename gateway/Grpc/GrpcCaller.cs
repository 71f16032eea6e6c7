using Grpc.Core;

using GridDispatch.Identity;

namespace GridDispatch.Gateway.Grpc;

/// <summary>The bearer token of a call, resolved to a handheld identity, or UNAUTHENTICATED.</summary>
public sealed class GrpcCaller(HandheldTokens tokens, LiveSessions sessions)
{
    public async Task<Caller> IdentifyAsync(ServerCallContext context) =>
        await tokens.AuthenticateAsync(Token(context)) ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "a valid bearer token is required"));

    /// <summary>
    /// For a server stream: a cancellation that fires when the client hangs up or when the call's token stops
    /// resolving to <paramref name="who"/> (logged out, account disabled). Dispose when the stream ends.
    /// </summary>
    public LiveCall Hold(Caller who, ServerCallContext context)
    {
        var token = Token(context) ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "a valid bearer token is required"));
        var call = new LiveCall(context.CancellationToken);
        call.Attach(sessions.Track(token, who, () => tokens.AuthenticateAsync(token), call.Revoke));
        return call;
    }

    public static RpcException Denied(string what) => new(new Status(StatusCode.PermissionDenied, what));

    public static RpcException Invalid(string what) => new(new Status(StatusCode.InvalidArgument, what));

    public static RpcException NotFound(string what) => new(new Status(StatusCode.NotFound, what));

    private static string? Token(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
