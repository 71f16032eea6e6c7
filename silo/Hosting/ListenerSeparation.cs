namespace GridDispatch.Silo.Hosting;

/// <summary>
/// Keeps each listener to its own surface, by the port the connection arrived on (the Host header is the
/// client's to choose, so RequireHost would not do): the gRPC port answers gRPC only, the management port only
/// the operator surfaces, and the public port everything but them. Anything else is a plain 404.
/// </summary>
public static class ListenerSeparation
{
    /// <summary>Operator-only paths: metrics, the Orleans Dashboard, the installation record, the OpenAPI document.</summary>
    private static readonly string[] OperatorPaths = ["/metrics", OperationsEndpoints.OrleansDashboardPath, "/api/installation", "/openapi"];

    private static readonly string[] HealthPaths = ["/healthz", "/readyz"];

    public static WebApplication UseListenerSeparation(this WebApplication app)
    {
        var listeners = app.Services.GetRequiredService<Listeners>();
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            bool allowed;
            if (listeners.IsGrpc(context)) allowed = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
            else if (listeners.IsManagement(context)) allowed = Under(path, OperatorPaths) || Under(path, HealthPaths);
            else
            {
                allowed = !Under(path, OperatorPaths) && path.Value?.EndsWith(".map", StringComparison.OrdinalIgnoreCase) != true; // no source maps
                SecurityHeaders.Apply(context.Response);
            }

            if (allowed) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    private static bool Under(PathString path, string[] prefixes) => prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
