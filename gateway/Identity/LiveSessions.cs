using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GridDispatch.Identity;

/// <summary>
/// Connections that outlive the request that opened them (hub connections, gRPC server streams) keep
/// the token they were opened with. Every <see cref="AccountOptions.SessionRecheck"/> each token is
/// resolved again; a session whose token no longer resolves to the same caller — logged out, expired,
/// password changed, account disabled or rebound — is ended.
/// </summary>
public sealed partial class LiveSessions(IOptions<AccountOptions> options, TimeProvider time, ILogger<LiveSessions> logger) : BackgroundService
{
    private static readonly Meter Meter = new("GridDispatch.Identity.Sessions");
    private static readonly Counter<long> Ended = Meter.CreateCounter<long>("griddispatch.sessions.revoked", "{session}", "Live sessions ended because their token stopped resolving");

    private readonly ConcurrentDictionary<Session, byte> _sessions = new();

    public int Count => _sessions.Count;

    /// <summary>
    /// Watches a live connection opened with <paramref name="token"/> as <paramref name="caller"/>:
    /// <paramref name="end"/> runs (once) when <paramref name="resolve"/> no longer gives the same caller. Dispose when the connection ends.
    /// </summary>
    public IDisposable Track(string token, Caller caller, Func<Task<Caller?>> resolve, Action end)
    {
        var session = new Session(this, token, caller, resolve, end);
        _sessions[session] = 0;
        return session;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SessionRecheck, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await RecheckAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Resolves every token once and ends the sessions whose caller is gone or changed.</summary>
    public async Task RecheckAsync(CancellationToken cancellationToken = default)
    {
        var byToken = _sessions.Keys.GroupBy(s => s.Token, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(byToken, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (group, _) =>
        {
            Caller? now;
            try
            {
                now = await group.First().Resolve();
            }
            catch (Exception error)
            {
                // Storage or the cluster is not answering: keep the sessions and ask again next time.
                LogRecheckFailed(error);
                return;
            }

            foreach (var session in group.Where(s => now is null || !SameScope(now, s.Caller)))
            {
                LogEnded(session.Caller.Name);
                Ended.Add(1);
                session.End();
            }
        });
    }

    private static bool SameScope(Caller a, Caller b) =>
        a.Name == b.Name && a.Role == b.Role && a.PersonId == b.PersonId && SameSet(a.Townships, b.Townships) && SameSet(a.Cells, b.Cells);

    private static bool SameSet(IReadOnlySet<string>? a, IReadOnlySet<string>? b) => a is null ? b is null : b is not null && a.SetEquals(b);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended a live session of {Account}: its token no longer resolves to the same scope")]
    private partial void LogEnded(string account);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-check live sessions' tokens; trying again at the next round")]
    private partial void LogRecheckFailed(Exception error);

    private sealed class Session(LiveSessions owner, string token, Caller caller, Func<Task<Caller?>> resolve, Action end) : IDisposable
    {
        private int _ended;

        public string Token { get; } = token;

        public Caller Caller { get; } = caller;

        public Func<Task<Caller?>> Resolve { get; } = resolve;

        public void End()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0) end();
            Dispose();
        }

        public void Dispose() => owner._sessions.TryRemove(this, out _);
    }
}
