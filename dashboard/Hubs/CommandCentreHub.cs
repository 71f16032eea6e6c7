using GridDispatch.Identity;
using GridDispatch.Grains.Accounts;
using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Townships;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace GridDispatch.Dashboard.Hubs;

/// <summary>
/// <c>/hubs/command-centre</c> (docs/DASHBOARD.md). <c>Watch(scope)</c> answers with a snapshot and puts the
/// connection in the groups of that scope; deltas follow from <see cref="CommandCentreFeed"/>. A client
/// that reconnects calls <c>Watch</c> again and replaces its state: nothing to resume by hand. A connection
/// ends within seconds of its token being revoked (<see cref="LiveSessions"/>).
/// </summary>
[Authorize]
public sealed class CommandCentreHub(IGrainFactory grains, ScreenSnapshots snapshots, LiveSessions sessions, AccessTokens tokens, WatchThrottle throttle)
    : Hub
{
    public const string Path = "/hubs/command-centre";
    public const string CountyScope = "county";
    private const string WatchedKey = "watched";
    private const string SessionKey = "session";

    public override Task OnConnectedAsync()
    {
        var token = Context.GetHttpContext() is { } http ? TokenAuthenticationHandler.BearerToken(http.Request) : null;
        if (token is null)
        {
            Context.Abort(); // authenticated some other way: nothing to re-check it by
            return Task.CompletedTask;
        }

        var context = Context;
        Context.Items[SessionKey] = sessions.Track(token, Caller(), () => tokens.ResolveAsync(token), context.Abort);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(SessionKey, out var session)) (session as IDisposable)?.Dispose();
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<ScreenSnapshot> Watch(string scopeId)
    {
        var caller = Caller();
        if (!throttle.TryAcquire(caller.Name)) throw new HubException("too many Watch calls: try again in a few seconds");
        if (caller.Role is AccountRole.Leader or AccountRole.Responder) throw Forbidden("this role has no command-centre screen");
        var all = await grains.GetGrain<ITownshipDirectoryGrain>(0).List();
        IReadOnlyList<TownshipEntry> townships = scopeId == CountyScope
            ? [.. all.Where(t => caller.MaySee(t.Id))]
            : [.. all.Where(t => t.Id == scopeId)];
        // The county screen is the county's; anyone else watches their own township (a village user: their part of it).
        if (scopeId == CountyScope && caller.Role != AccountRole.County) throw Forbidden($"scope {scopeId}");
        if (townships.Count == 0 || townships.Any(t => !caller.MaySee(t.Id))) throw Forbidden($"scope {scopeId}");

        await LeaveWatchedGroups();
        var groups = caller.Cells is null
            ? townships.Select(t => HubGroups.Township(t.Id)).ToList()
            : [.. await VillageGroups(caller, townships[0].Id), HubGroups.TownshipNotices(townships[0].Id)];
        foreach (var group in groups) await Groups.AddToGroupAsync(Context.ConnectionId, group);
        Context.Items[WatchedKey] = groups;

        var name = scopeId == CountyScope ? "县级指挥中心" : townships[0].Name;
        return await snapshots.ReadAsync(scopeId, name, townships, caller.Cells);
    }

    public async Task<WorkSnapshot> WatchWork()
    {
        var caller = Caller();
        if (caller is not { Role: AccountRole.Responder, PersonId: { } responderId }) throw Forbidden("only a responder has work orders");
        // The responder must be of the caller's own township, whatever the account says.
        if (await grains.GetGrain<IResponderGrain>(responderId).GetSnapshot() is not { } responder) throw new HubException($"not found: responder {responderId}");
        if (!caller.MaySee(responder.Profile.Township)) throw Forbidden($"responder {responderId}");
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Responder(responderId));
        return await snapshots.ReadWorkAsync(responderId) ?? throw new HubException($"not found: responder {responderId}");
    }

    private Caller Caller() => Context.User?.Caller() ?? throw new HubException("unauthenticated");

    /// <summary>A village user's groups: each village their cells cover (a village account: its own).</summary>
    private async Task<List<string>> VillageGroups(Caller caller, string township)
    {
        var info = await grains.GetGrain<ITownshipGrain>(township).GetInfo();
        return [.. (info?.CellTree ?? []).Where(c => c.Level == Grains.Grid.CellLevel.Village && caller.Cells!.Contains(c.CellId))
            .Select(c => HubGroups.Village(township, c.CellId))];
    }

    private async Task LeaveWatchedGroups()
    {
        if (Context.Items.TryGetValue(WatchedKey, out var value) && value is List<string> groups)
            foreach (var group in groups) await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
    }

    private static HubException Forbidden(string what) => new($"forbidden: {what}");
}
