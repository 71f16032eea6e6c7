using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GridDispatch.Tests.Infrastructure;

/// <summary>iproute2's <c>ss</c>: what the kernel says about a TCP connection of another process.</summary>
public static partial class SocketStats
{
    /// <summary>
    /// The send buffer (bytes, as the kernel keeps it: Linux doubles what a program asks for) of the server's side of
    /// the loopback connection from <paramref name="clientPort"/> to <paramref name="serverPort"/>.
    /// </summary>
    public static async Task<int> ServerSendBufferAsync(int serverPort, int clientPort)
    {
        var ss = await AptPackages.EnsureCommandAsync("ss", "iproute2");
        var start = new ProcessStartInfo(ss, ["-tmnH", "state", "established", $"( sport = :{serverPort} and dport = :{clientPort} )"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = SendBuffer().Match(output); // skmem:(r0,rb131072,t0,tb65536,…)
        return match.Success ? int.Parse(match.Groups[1].Value) : throw new InvalidOperationException($"no such connection in ss: '{output}'");
    }

    [GeneratedRegex(@"\btb(\d+)")]
    private static partial Regex SendBuffer();
}
