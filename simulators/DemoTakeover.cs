using System.Net;
using System.Net.Http.Json;

namespace GridDispatch.Simulators;

/// <summary>
/// Lamps taken over from the demo's own simulated life (<c>POST /api/demo/life/pause</c>), so that a simulator or
/// scenario run against the README's demo drives them alone: the demo's lamps of those ids leave the broker until
/// handed back (<c>/resume</c>) or until the pause runs out. Against a GridDispatch without the demo's life, nothing to do.
/// </summary>
public sealed class DemoTakeover : IAsyncDisposable
{
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(30);
    private readonly HttpClient _commandCentre;
    private readonly IReadOnlyList<string> _lamps;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private readonly bool _ownsClient;

    private DemoTakeover(HttpClient commandCentre, IReadOnlyList<string> lamps, bool ownsClient)
    {
        (_commandCentre, _lamps, _ownsClient) = (commandCentre, lamps, ownsClient);
        _renewing = RenewAsync(_stop.Token);
    }

    /// <summary>Takes the lamps over; null when there is no demo life to take them from (then a client it owns is disposed at once).</summary>
    public static async Task<DemoTakeover?> TryAsync(HttpClient commandCentre, IReadOnlyList<string> lamps, CancellationToken cancellationToken, bool ownsClient = false)
    {
        if (lamps.Count == 0 || !await PauseAsync(commandCentre, lamps, cancellationToken))
        {
            if (ownsClient) commandCentre.Dispose();
            return null;
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // the demo's lamps leave the broker
        return new DemoTakeover(commandCentre, lamps, ownsClient);
    }

    private static async Task<bool> PauseAsync(HttpClient commandCentre, IReadOnlyList<string> lamps, CancellationToken cancellationToken)
    {
        using var reply = await commandCentre.PostAsJsonAsync("/api/demo/life/pause", new { lamps, seconds = (int)Hold.TotalSeconds }, cancellationToken);
        if (reply.StatusCode == HttpStatusCode.NotFound) return false;
        reply.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>A run longer than the pause keeps its lamps.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Hold / 2, cancellationToken);
                try { await PauseAsync(_commandCentre, _lamps, cancellationToken); }
                catch (HttpRequestException) { /* the silo is away: try again at the next turn */ }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var _ = await _commandCentre.PostAsJsonAsync("/api/demo/life/resume", new { lamps = _lamps }, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { /* gone: the pause runs out by itself */ }

        _stop.Dispose();
        if (_ownsClient) _commandCentre.Dispose();
    }
}
