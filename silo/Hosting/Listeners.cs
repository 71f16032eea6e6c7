namespace GridDispatch.Silo.Hosting;

/// <summary>What each of this process's ports is for, by local port: the pipeline serves each only its own part.</summary>
public sealed class Listeners
{
    public required IReadOnlySet<int> Management { get; init; }

    public int? Grpc { get; init; }

    public bool IsManagement(HttpContext context) => Management.Contains(context.Connection.LocalPort);

    public bool IsGrpc(HttpContext context) => context.Connection.LocalPort == Grpc;
}
