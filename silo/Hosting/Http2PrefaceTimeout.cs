using Microsoft.AspNetCore.Connections;

namespace GridDispatch.Silo.Hosting;

/// <summary>
/// Kestrel times out slow request headers, but not a slow HTTP/2 connection preface: a client trickling the
/// preface a byte at a time would hold its connection for as long as it liked. On the gRPC listener the
/// preface (24 bytes) must arrive within the request-headers timeout, or the connection is closed.
/// </summary>
public static class Http2PrefaceTimeout
{
    private const int PrefaceLength = 24; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

    public static ConnectionDelegate Within(ConnectionDelegate next, TimeSpan timeout) => async connection =>
    {
        var input = connection.Transport.Input;
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                while (true)
                {
                    var read = await input.ReadAsync(deadline.Token);
                    if (read.Buffer.Length >= PrefaceLength || read.IsCompleted || read.IsCanceled)
                    {
                        input.AdvanceTo(read.Buffer.Start); // nothing consumed: HTTP/2 reads the preface itself
                        break;
                    }

                    input.AdvanceTo(read.Buffer.Start, read.Buffer.End); // seen, wait for more
                }
            }
            catch (OperationCanceledException)
            {
                connection.Abort(new ConnectionAbortedException("HTTP/2 preface not received in time"));
                return;
            }
        }

        await next(connection);
    };
}
