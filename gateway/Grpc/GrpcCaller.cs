using Grpc.Core;

using GridDispatch.Gateway.Identity;

namespace GridDispatch.Gateway.Grpc;

/// <summary>The bearer token of a call, resolved to a handheld identity, or UNAUTHENTICATED.</summary>
public sealed class GrpcCaller(HandheldTokens tokens)
{
    public async Task<Caller> IdentifyAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        return await tokens.AuthenticateAsync(token) ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "a valid bearer token is required"));
    }

    public static RpcException Denied(string what) => new(new Status(StatusCode.PermissionDenied, what));

    public static RpcException Invalid(string what) => new(new Status(StatusCode.InvalidArgument, what));

    public static RpcException NotFound(string what) => new(new Status(StatusCode.NotFound, what));
}
