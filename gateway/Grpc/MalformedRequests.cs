using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace GridDispatch.Gateway.Grpc;

/// <summary>
/// Binds each handheld service like Grpc.AspNetCore's default binder, but with a request marshaller that
/// answers a message that does not parse with INVALID_ARGUMENT. By default a parse failure happens before
/// any interceptor and comes back as UNKNOWN ("exception was thrown by handler"), logged as a server error:
/// garbage from a client is the client's mistake, not ours.
/// </summary>
internal sealed class MalformedRequests<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // The generated base class names its static BindService(ServiceBinderBase, TBase) method.
        if (typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true) is not { } bind) return;
        var bindService = bind.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == bind.BindMethodName && m.GetParameters() is [{ ParameterType: var p }, _] && p == typeof(ServiceBinderBase));
        bindService.Invoke(null, [new Binder(context), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Strict(method), Metadata(method), Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Strict(method), Metadata(method), Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Strict(method), Metadata(method), Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Strict(method), Metadata(method), Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method));

        private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
        {
            var requests = method.RequestMarshaller;
            var strict = Marshallers.Create(requests.ContextualSerializer, context =>
            {
                try
                {
                    return requests.ContextualDeserializer(context);
                }
                catch (InvalidProtocolBufferException error)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"malformed {typeof(TRequest).Name}: {error.Message}"));
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, strict, method.ResponseMarshaller);
        }

        /// <summary>The service's implementation of the method, called on the instance gRPC creates per call.</summary>
        private static TDelegate Invoker<TDelegate>(IMethod method) where TDelegate : Delegate =>
            (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{typeof(TService).Name} does not implement {method.FullName}"));

        /// <summary>Attributes on the service and the method (e.g. authorization), as the default binder passes them.</summary>
        private static List<object> Metadata(IMethod method) =>
        [
            .. typeof(TService).GetCustomAttributes(inherit: true),
            .. typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance)?.GetCustomAttributes(inherit: true) ?? [],
        ];
    }
}
