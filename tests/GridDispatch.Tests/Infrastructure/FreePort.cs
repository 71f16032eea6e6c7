using System.Net;
using System.Net.Sockets;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// Free TCP ports on loopback, so parallel tests and a running dev silo never collide. They come from
/// below Linux's ephemeral range (32768–60999): a port the OS hands out as "free" can be taken a moment
/// later by any outgoing connection before the server binds it, and these tests open many.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static int _next = First + Environment.ProcessId % 1_000 * 10;

    public static int Next()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = First + (Interlocked.Increment(ref _next) - First) % (Last - First);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // in use: the next one
            }
        }

        throw new InvalidOperationException($"no free port between {First} and {Last}");
    }
}
