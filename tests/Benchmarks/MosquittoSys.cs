using System.Diagnostics;
using System.Globalization;

namespace GridDispatch.Benchmarks;

/// <summary>
/// mosquitto's own counters from its <c>$SYS</c> tree, read with mosquitto_sub. They are retained and republished
/// (when they change) every <c>sys_interval</c> seconds; the local cluster sets 1 s for benchmarks
/// (<c>CLUSTER_MOSQUITTO_SYS_INTERVAL</c>).
/// </summary>
public static class MosquittoSys
{
    /// <summary>Messages mosquitto accepted (and acknowledged) but dropped from a subscriber's full queue, or an inflight limit.</summary>
    public const string Dropped = "$SYS/broker/publish/messages/dropped";

    /// <summary>
    /// Lets <paramref name="user"/> read <c>$SYS</c> on the running mosquitto <paramref name="pid"/>: an ACL topic of <c>#</c> does not
    /// cover <c>$</c> topics, so a rule is appended to its ACL file and mosquitto reloads it (SIGHUP).
    /// </summary>
    public static async Task GrantAsync(string aclFile, string user, int pid)
    {
        await File.AppendAllTextAsync(aclFile, $"\nuser {user}\ntopic read $SYS/#\n");
        using var kill = Process.Start("kill", ["-HUP", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        await Task.Delay(500);
    }

    /// <summary>
    /// How much a counter read twice grew; null if either reading is unknown, or if it went down: then it was not read from the
    /// same broker state at both ends (a stale retained value), and the change is unknown, not negative.
    /// </summary>
    public static long? Change(long? before, long? after) => after - before is >= 0 and var grown ? grown : null;

    /// <summary>Published every <c>sys_interval</c> whatever happens: proof that the <c>$SYS</c> tree is being published to us.</summary>
    private const string Uptime = "$SYS/broker/uptime";

    /// <summary>
    /// The counter's value as last published (waits 1.5 s first, so it is at most that old with a 1 s interval).
    /// The uptime is read with it, as it is published every interval: uptime heard and no counter means a broker that has
    /// not published the counter (older mosquittos publish it only once it changes from 0; 2.0.11 publishes 0), read as 0;
    /// nothing heard means <c>$SYS</c> is not reaching us. Tries three times; null if nothing could be read: reported
    /// as unknown, never as 0.
    /// </summary>
    public static async Task<long?> ReadAsync(int port, string user, string password, string topic)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Task.Delay(1_500);
            using var sub = Process.Start(new ProcessStartInfo("mosquitto_sub",
                ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-u", user, "-P", password, "-v", "-t", topic, "-t", Uptime, "-W", "3"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var text = await sub.StandardOutput.ReadToEndAsync();
            var errors = await sub.StandardError.ReadToEndAsync();
            await sub.WaitForExitAsync();
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var values = lines.Where(l => l.StartsWith(topic + " ", StringComparison.Ordinal)).Select(l => l[(topic.Length + 1)..]).ToList();
            if (values.Count > 0 && long.TryParse(values[^1], CultureInfo.InvariantCulture, out var value)) return value;
            if (values.Count == 0 && lines.Any(l => l.StartsWith(Uptime + " ", StringComparison.Ordinal))) return 0;
            Console.Error.WriteLine($"mosquitto's {topic} could not be read (exit {sub.ExitCode}, '{text.Trim()}' {errors.Trim()}); attempt {attempt + 1} of 3");
        }

        return null;
    }
}
