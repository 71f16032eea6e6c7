using System.Security.Cryptography;
using System.Text;
using GridDispatch.Grains.Topology;

namespace GridDispatch.Gateway.Mqtt;

/// <summary>
/// mosquitto's <c>password_file</c> and <c>acl_file</c> for GridDispatch's townships (docs/OPERATIONS-MQTT.md):
/// every lamp by its id with its device key, grid leaders (whistles for their own cells only, by their
/// account password) and the gateway. Passwords are written hashed as mosquitto 2 stores them
/// (<c>$7$</c>: PBKDF2-HMAC-SHA512, 101 iterations, 12-byte salt), so the plain keys never sit on the broker.
/// </summary>
public static class MosquittoFiles
{
    private const int Iterations = 101;

    public sealed record Credentials(string GatewayUser, string GatewayPassword, Func<string, string> LampPassword, Func<string, string?> LeaderPassword);

    public static string PasswordFile(IEnumerable<TownshipTopology> townships, Credentials credentials)
    {
        var text = new StringBuilder();
        text.AppendLine(Line(credentials.GatewayUser, credentials.GatewayPassword));
        foreach (var township in townships)
        {
            foreach (var lamp in township.Lamps) text.AppendLine(Line(lamp.Id, credentials.LampPassword(lamp.Id)));
            foreach (var leader in LeaderCells(township).Select(l => l.Leader).Distinct())
                if (credentials.LeaderPassword(leader) is { } password) text.AppendLine(Line(leader, password));
        }

        return text.ToString();
    }

    public static string AclFile(IEnumerable<TownshipTopology> townships, string gatewayUser)
    {
        var text = new StringBuilder();
        text.AppendLine("# GridDispatch: generated; the gateway reads and writes everything, each lamp only its own topics.");
        text.AppendLine($"user {gatewayUser}");
        text.AppendLine("topic readwrite gd/#");
        text.AppendLine("# mosquitto's own counts ($SYS, every sys_interval): what it dropped is shown on the gateway's /metrics");
        text.AppendLine("topic read $SYS/broker/publish/messages/#");
        text.AppendLine();
        foreach (var township in townships)
        {
            text.AppendLine($"# {township.Name}: grid leaders whistle for the cells they lead");
            foreach (var leader in LeaderCells(township).GroupBy(l => l.Leader))
            {
                text.AppendLine($"user {leader.Key}");
                foreach (var (_, cell) in leader) text.AppendLine($"topic write gd/{township.Id}/grid/{cell}/whistle");
            }

            text.AppendLine();
        }

        // Patterns apply to every user: %u is the username, which for a lamp is its id.
        text.AppendLine("pattern write gd/+/lamp/%u/telemetry");
        text.AppendLine("pattern write gd/+/lamp/%u/event");
        text.AppendLine("pattern write gd/+/lamp/%u/status");
        text.AppendLine("pattern write gd/+/lamp/%u/cmd/ack");
        text.AppendLine("pattern read gd/+/lamp/%u/cmd");
        return text.ToString();
    }

    /// <summary>One <c>user:$7$…</c> line, as <c>mosquitto_passwd</c> writes it.</summary>
    public static string Line(string user, string password)
    {
        if (user.Contains(':') || user.Any(char.IsWhiteSpace)) throw new ArgumentException($"'{user}' cannot be a mosquitto username", nameof(user));
        var salt = RandomNumberGenerator.GetBytes(12);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, 64);
        return $"{user}:$7${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>Every (leader, cell) a leader may whistle for: the cell they head and every cell below it.</summary>
    private static IEnumerable<(string Leader, string Cell)> LeaderCells(TownshipTopology township)
    {
        foreach (var village in township.Villages)
        {
            var villageCells = village.Groups.SelectMany(g => g.Neighbourhoods.Select(n => n.Id).Prepend(g.Id)).Prepend(village.Id);
            if (village.Leader is { } v) foreach (var cell in villageCells) yield return (v.Id, cell);
            foreach (var group in village.Groups)
            {
                if (group.Leader is { } g) foreach (var cell in group.Neighbourhoods.Select(n => n.Id).Prepend(group.Id)) yield return (g.Id, cell);
                foreach (var neighbourhood in group.Neighbourhoods)
                    if (neighbourhood.Leader is { } n) yield return (n.Id, neighbourhood.Id);
            }
        }
    }
}
