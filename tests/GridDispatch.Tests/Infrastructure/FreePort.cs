using System.Net;
using System.Net.Sockets;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>Free TCP ports on loopback, so parallel tests and a running dev silo never collide.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
