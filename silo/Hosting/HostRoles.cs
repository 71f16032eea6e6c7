namespace GridDispatch.Silo.Hosting;

/// <summary>
/// What this process does. The embedded default is all three in one process. In a cluster, silos run
/// <see cref="Silo"/> alone, and the gateway and the dashboard run in their own processes as Orleans
/// clients (any number of each): <c>--roles gateway</c>, <c>--roles dashboard</c>.
/// </summary>
[Flags]
public enum HostRoles
{
    /// <summary>An Orleans silo: hosts grains, storage, reminders; seeds the demo.</summary>
    Silo = 1,

    /// <summary>The device and handheld edge: MQTT, gRPC, the HTTP API, the time-series sink.</summary>
    Gateway = 2,

    /// <summary>The command centre: the SignalR hub, the web UI and the HTTP API it signs in and acts through.</summary>
    Dashboard = 4,

    All = Silo | Gateway | Dashboard,
}
