using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Gateway.Grpc;

/// <summary>The handheld gRPC API (package <c>griddispatch.v1</c>).</summary>
public static class GrpcComposition
{
    public static IServiceCollection AddGridDispatchGrpc(this IServiceCollection services)
    {
        services.AddGrpc(options => options.MaxReceiveMessageSize = 64 * 1024);
        // Our binder in place of the default one: a request that does not parse is INVALID_ARGUMENT, not UNKNOWN.
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(MalformedRequests<>));
        services.AddSingleton<HandheldTokens>();
        services.AddSingleton<GrpcCaller>();
        services.AddDomainEventHandler<LiveFeeds>();
        return services;
    }

    public static IEndpointRouteBuilder MapGridDispatchGrpc(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<WhistleService>();
        app.MapGrpcService<RespondersService>();
        app.MapGrpcService<IncidentsService>();
        return app;
    }
}
