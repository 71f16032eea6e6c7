using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Benchmarks;

/// <summary>
/// One page in a Chromium of its own (the same package and flags as the tests' <see cref="Browser"/>), driven by bare
/// DevTools messages with no DevTools domain enabled unless asked: it navigates, evaluates and takes screenshots. A
/// benchmark's page is not a Playwright page because Playwright enables the Network domain on every page, and with it
/// on, Chromium hands every WebSocket message's payload to the DevTools client as well (<c>Network.webSocketFrameReceived</c>):
/// measured, 1.3–1.7 s of waiting added to the county's first draw (a 25 MB snapshot). A wall screen runs with no
/// DevTools client attached.
/// </summary>
public sealed class BareChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _waiting = new();
    private readonly string _profile;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _reading = Task.CompletedTask;
    private string? _session;
    private int _id;

    /// <summary>
    /// DevTools events (method, params), on the reading thread: only those of the domains enabled. The params are valid
    /// during the call only: a handler clones what it keeps.
    /// </summary>
    public event Action<string, JsonElement>? Event;

    private BareChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>
    /// Starts Chromium with one blank 1920×1080 page, attached to with no domain enabled but
    /// <paramref name="domains"/> (e.g. <c>Network</c>, to measure what it costs).
    /// </summary>
    public static async Task<BareChromium> LaunchAsync(params string[] domains)
    {
        var chromium = await AptPackages.EnsureCommandAsync("chromium", "chromium");
        var profile = RepositoryPaths.NewTempFolder("bare-chromium");
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in (string[])[.. Browser.Args, "--headless", "--remote-debugging-port=0", $"--user-data-dir={profile}", "--lang=zh-CN", "about:blank"])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        // Chromium says where its DevTools endpoint is on stderr
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            const string Listening = "DevTools listening on ";
            if (e.Data?.StartsWith(Listening, StringComparison.Ordinal) == true) endpoint.TrySetResult(e.Data[Listening.Length..].Trim());
        };
        process.BeginErrorReadLine();
        var bare = new BareChromium(process, profile);
        try
        {
            var url = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await bare._socket.ConnectAsync(new Uri(url), CancellationToken.None);
            bare._reading = bare.ReadAsync();
            var targets = await bare.SendAsync("Target.getTargets");
            var page = targets.GetProperty("targetInfos").EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
            var attached = await bare.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = page.GetProperty("targetId").GetString(), ["flatten"] = true });
            bare._session = attached.GetProperty("sessionId").GetString();
            // the page 1920×1080 (as the tests' pages): the window's size is not the page's in headless Chromium
            await bare.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1920, ["height"] = 1080, ["deviceScaleFactor"] = 1, ["mobile"] = false });
            foreach (var domain in domains) await bare.SendAsync(domain + ".enable");
            return bare;
        }
        catch
        {
            await bare.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits until its document has loaded.</summary>
    public async Task GotoAsync(Uri url, TimeSpan timeout)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        await WaitForAsync($"location.href === {JsonSerializer.Serialize(url.ToString())} && document.readyState === 'complete'", timeout);
    }

    /// <summary>Polls <paramref name="condition"/> (a JavaScript expression) every 200 ms until it is true.</summary>
    public async Task WaitForAsync(string condition, TimeSpan timeout)
    {
        for (var deadline = DateTime.UtcNow + timeout; ; await Task.Delay(200))
        {
            if (await EvaluateAsync(condition) is { ValueKind: JsonValueKind.True }) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not true after {timeout.TotalSeconds:F0} s: {condition}");
        }
    }

    /// <summary>
    /// Runs <paramref name="source"/> in every document this page opens from now on, before the page's own scripts. It
    /// enables the Page domain, without which Chromium accepts the script and never runs it.
    /// </summary>
    public async Task AddInitScriptAsync(string source)
    {
        await SendAsync("Page.enable");
        await SendAsync("Page.addScriptToEvaluateOnNewDocument", new JsonObject { ["source"] = source });
    }

    /// <summary>Calls <paramref name="function"/> (JavaScript source) with <paramref name="args"/> (as JSON); its value, awaited if a promise.</summary>
    public async Task<T> CallAsync<T>(string function, params object?[] args)
    {
        var value = await EvaluateAsync($"({function})(...{JsonSerializer.Serialize(args)})");
        return value.ValueKind == JsonValueKind.Undefined ? default! : value.Deserialize<T>()!;
    }

    /// <summary>The page as a PNG in the screenshots folder, as the tests' <see cref="Browser.ScreenshotAsync"/> keeps them.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        Directory.CreateDirectory(Browser.Artifacts);
        await File.WriteAllBytesAsync(Path.Combine(Browser.Artifacts, name + ".png"), shot.GetProperty("data").GetBytesFromBase64());
    }

    /// <summary>The value of <paramref name="expression"/> (awaited if a promise), as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var reply = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (reply.TryGetProperty("exceptionDetails", out var error)) throw new InvalidOperationException($"{expression}: {error}");
        var result = reply.GetProperty("result");
        return result.TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>Sends a DevTools command to the page; its result.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _id);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (_session is not null) message["sessionId"] = _session;
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = reply;
        // a WebSocket takes one send at a time
        await _sending.WaitAsync();
        try { await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None); }
        finally { _sending.Release(); }
        return await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Hands each reply to its request, and each event to <see cref="Event"/>.</summary>
    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (part.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                using var json = JsonDocument.Parse(message.ToArray());
                message.SetLength(0);
                if (json.RootElement.TryGetProperty("method", out var method))
                {
                    Event?.Invoke(method.GetString()!, json.RootElement.TryGetProperty("params", out var data) ? data : default);
                    continue;
                }

                if (!json.RootElement.TryGetProperty("id", out var id) || !_waiting.TryRemove(id.GetInt32(), out var reply)) continue;
                if (json.RootElement.TryGetProperty("error", out var error)) reply.TrySetException(new InvalidOperationException(error.ToString()));
                else reply.TrySetResult(json.RootElement.GetProperty("result").Clone());
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // the browser went away: whoever waits times out with its own message
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
        await _process.WaitForExitAsync();
        _socket.Dispose();
        await _reading;
        _sending.Dispose();
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { /* a child still closing a file: the temp folder is cleaned with the run's */ }
    }
}
