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

    private static int _nextBlock = 12_000 + Environment.ProcessId % 70 * 100;

    /// <summary>
    /// The first of <paramref name="count"/> consecutive free ports, for a script that numbers its ports from a
    /// base (silo/cluster.sh). From 12,000–19,999, apart from <see cref="Next"/>'s range.
    /// </summary>
    public static int Block(int count)
    {
        for (var tries = 0; tries < 80; tries++)
        {
            var first = 12_000 + (Interlocked.Add(ref _nextBlock, 100) - 12_000) % 8_000;
            if (Enumerable.Range(first, count).All(IsFree)) return first;
        }

        throw new InvalidOperationException($"no {count} consecutive free ports between 12000 and 20000");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
