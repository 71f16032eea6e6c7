using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net;
using System.Text;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>
/// A loopback HTTP server standing in for a robot or an SMS gateway: it records every request (raw query,
/// headers, body) and answers with what the test's <c>answer</c> says for the n-th request (1-based).
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    public sealed record Received(string Path, string RawQuery, NameValueCollection Query, NameValueCollection Headers, byte[] Body, DateTimeOffset At)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    private readonly HttpListener _listener = new();
    private readonly Func<int, Received, (int Status, string Body)> _answer;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly Task _loop;
    private int _count;

    public HttpReceiver(Func<int, Received, (int Status, string Body)> answer)
    {
        _answer = answer;
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url(string pathAndQuery) => $"http://127.0.0.1:{Port}{pathAndQuery}";

    public IReadOnlyList<Received> Requests => [.. _received];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (!_listener.IsListening) { return; }
            catch (HttpListenerException) { return; }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var url = context.Request.Url!;
            var received = new Received(url.AbsolutePath, url.Query.TrimStart('?'), context.Request.QueryString, context.Request.Headers, body.ToArray(), DateTimeOffset.UtcNow);
            _received.Enqueue(received);
            var (status, reply) = _answer(Interlocked.Increment(ref _count), received);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(reply);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close only: Stop then Close released the port and bound it again on the way out (.NET's managed
        // HttpListener looks its endpoint up anew), which failed when another test had taken the port meanwhile.
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
    }
}
